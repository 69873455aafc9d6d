"""Who may see which case, and who may change what: the relationships of the access model.

``service``: the cases each role can see. ``authority``: the declared table of write
authority every write route reads its rule from. ``relations``: the check, in the services,
that the caller stands in the relationship the table asks for.
"""
