"""The coordinator's decision on a referral's strand flags."""
