"""Word lists the redactor consults.

They are plain data so that a reviewer can read, in one place, which words are never removed
(the hostility and strand words a scrutiny panel needs), which capitalised words are ordinary
English rather than names, and which words introduce a name. Every set holds lower-case
entries; callers fold case before looking up.
"""

from __future__ import annotations

from functools import cache


def word_set(text: str) -> frozenset[str]:
    return frozenset(w.strip().lower() for w in text.split() if w.strip())


#: Words that explain the hostility or the strand. Never redacted, even when capitalised,
#: because a scrutiny panel cannot judge the response without them.
HOSTILITY_WORDS = (
    word_set(
        """
    black white asian african caribbean arab arabic chinese indian pakistani bangladeshi
    somali eritrean sudanese nigerian ghanaian kurdish kurd iraqi iranian afghan syrian
    turkish polish romanian bulgarian lithuanian latvian slovak czech hungarian albanian
    ukrainian russian portuguese spanish italian french german irish scottish welsh english
    british european jamaican roma romani gypsy gypsies traveller travellers mixed-race
    race racial racist racism racially ethnic ethnicity foreign foreigner foreigners immigrant
    immigrants migrant migrants refugee refugees asylum nationality accent skin colour
    hijab niqab burka burqa turban kippah yarmulke headscarf jilbab abaya kirpan
    muslim muslims islam islamic islamophobic islamophobia mosque masjid jewish jew jews
    judaism synagogue antisemitic antisemitism anti-semitic sikh sikhs sikhism gurdwara
    hindu hindus hinduism mandir temple christian christians christianity church catholic
    protestant buddhist buddhism atheist religion religious faith quran koran bible torah
    ramadan eid diwali vaisakhi hanukkah passover christmas sabbath shabbat halal kosher
    gay gays lesbian lesbians bisexual homosexual homophobic homophobia queer lgbt lgbtq
    lgbtq+ lgbtqia pride same-sex transgender trans transphobic transphobia non-binary
    nonbinary transsexual gender disabled disability disabilities wheelchair autistic autism
    deaf blind down's downs syndrome cerebral palsy epilepsy epileptic schizophrenia bipolar
    dementia adhd crutches mobility scooter hearing sign bsl learning mental
    goth emo punk alternative elderly misogyny misogynistic hate hostility hostile
    prejudice slur slurs graffiti swastika terrorist terrorists paedo scum
    poland romania pakistan india bangladesh somalia nigeria ghana jamaica iraq iran
    afghanistan syria turkey china israel israeli palestine palestinian ukraine russia
    africa europe lithuania albania eritrea sudan kurdistan bulgaria latvia hungary
    urdu punjabi bengali gujarati hindi farsi pashto tigrinya yiddish hebrew
    """
    )
    | word_set(
        # Demonyms and nationalities, written out so the list is general, not fitted to any text.
        """
    afghani albanian algerian american angolan argentinian armenian australian austrian
    azerbaijani bahraini belarusian belgian beninese bolivian bosnian brazilian burmese
    burundian cameroonian canadian chadian chilean colombian congolese croatian cuban
    cypriot danish djiboutian dominican dutch ecuadorian egyptian emirati estonian
    ethiopian fijian filipino finnish gambian georgian greek guinean guyanese haitian
    icelandic indonesian israeli ivorian japanese jordanian kazakh kenyan korean kosovan
    kosovar kuwaiti kyrgyz lao lebanese liberian libyan macedonian malawian malaysian
    maldivian malian maltese mauritanian mauritian mexican moldovan mongolian montenegrin
    moroccan mozambican namibian nepalese nepali nigerien norwegian omani palestinian
    panamanian peruvian qatari rwandan salvadoran saudi senegalese serbian sierra leonean
    singaporean slovakian slovene slovenian sri lankan swazi swedish swiss syrian taiwanese
    tajik tanzanian thai tibetan togolese trinidadian tunisian turkmen ugandan uzbek
    venezuelan vietnamese yemeni zambian zimbabwean hong konger kongers
    british-asian black-british anglo-indian windrush
    """
    )
    | word_set(
        # Ethnic groups, faiths and denominations.
        """
    tamil tamils sinhalese sinhala kurds hazara pashtun baloch berber amazigh yoruba igbo
    hausa akan fulani zulu xhosa amhara oromo tigrayan somalilander bedouin sinti yenish
    romanichal pavee han uyghur rohingya hmong punjabis gujaratis mirpuri kashmiri
    orthodox hasidic haredi charedi ahmadi ahmadiyya shia shiite sunni sufi salafi
    rastafarian pagan wiccan zoroastrian parsi bahai baha'i jain jains druze alevi yazidi
    mormon evangelical pentecostal methodist baptist anglican quaker humanist agnostic
    lubavitch chabad menorah hanukkiah diwali navratri holi guru granth sahib dastar
    """
    )
)

#: Honorifics that belong to the name: "Mrs Nowak" becomes "[VICTIM]", title and all.
HONORIFICS = word_set("mr mrs ms miss mx dr master sir dame lady lord prof professor")

#: Roles and ranks kept in the text: "PC 1234 Smith" becomes "PC [COLLAR NUMBER] [PERSON C]".
RANKS = word_set(
    """
    pc pcso dc ds di dci dsu supt sgt sergeant insp inspector constable officer tdc
    cllr councillor rev revd reverend father imam rabbi sheikh pastor sister brother
    """
)

#: Name particles that may be written in lower case inside a name ("van der Berg").
PARTICLES = word_set(
    "van von der den de del della di da du la le al el bin ibn bint abu ben ter ten dos das"
)

#: Words that introduce a name: "his neighbour Kasia", "a man called Bogdan".
NAMING_CUES = word_set("named called nicknamed aka a.k.a. a.k.a")
RELATION_CUES = word_set(
    """
    neighbour neighbours neighbor friend friends brother sister son daughter mother father
    mum mam dad uncle aunt auntie cousin nephew niece grandson granddaughter grandmother
    grandfather gran nan grandad stepfather stepmother stepson stepdaughter partner husband
    wife ex-partner ex-husband ex-wife ex boyfriend girlfriend fiance fiancee fiancé fiancée
    carer caseworker worker keyworker manager landlord landlady colleague teacher
    headteacher senco classmate pupil student tenant lodger flatmate housemate advocate
    idva isva coordinator co-ordinator gp nurse doctor midwife visitor imam rabbi priest
    vicar pastor boss employer owner shopkeeper driver associate associates acquaintance
    suspect suspects witness witnesses subject subjects perpetrator victim male female
    man woman boy girl youth youths lad lads mate mates children child baby toddler
    officer sibling siblings relative twin
    """
)

#: Capitalised words in case notes that are not names (agencies, document words, places).
DOMAIN_WORDS = word_set(
    """
    police officers officer pc pcso victim victims perpetrator perpetrators suspect witness
    council housing association support service services team panel meeting marac hate
    crime crimes incident incidents report reports reported referral referrals risk
    assessment safeguarding action actions update updates note notes summary background
    chair agency agencies minutes agenda review outcome outcomes plan plans referral
    mama galop mencap shelter refuge nspcc childline citizens advice probation prosecution
    cps crown magistrates court courts trust foundation partnership board unit hub centre
    neighbourhood neighbourhoods policing community communities safety safer asb
    environmental jobcentre dwp nhs gp cctv idva isva senco camhs mash
    monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays
    thursdays fridays saturdays sundays weekend weekends
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    yesterday today tonight tomorrow earlier later afterwards following since despite whilst
    although both neither several one two three four five six seven eight nine ten
    he she they we i you it his her their our my your its him them us me mine
    the a an and or but if then when while where who whom whose what which this that these
    those there here on at in into onto of off for from by with without within about above
    after before during until upon via per as to too also not no yes nor so
    mr mrs ms miss mx dr sgt insp det supt
    tiktok instagram insta facebook snapchat twitter youtube reddit telegram discord twitch
    ford vauxhall toyota bmw audi volkswagen vw nissan honda kia hyundai peugeot renault
    citroen fiat skoda seat mercedes volvo mazda tesla focus fiesta corsa astra golf polo
    qashqai juke yaris civic octavia transit sprinter
    whatsapp threads bluesky kik google tesco asda aldi lidl sainsbury's morrisons co-op
    mcdonald's greggs uber deliveroo amazon royal mail post office bus train metro
    street road avenue lane close drive way flat flats house estate park school academy
    college university hospital surgery station shop shops pub bus stop
    leeds bradford wakefield halifax huddersfield kirklees calderdale york sheffield hull
    manchester salford bolton oldham rochdale bury wigan stockport liverpool birmingham
    coventry wolverhampton walsall dudley sandwell london newcastle sunderland gateshead
    middlesbrough durham preston blackburn burnley lancaster blackpool nottingham derby
    leicester lincoln northampton luton bristol bath cardiff swansea newport glasgow
    edinburgh aberdeen dundee belfast derry oxford cambridge norwich ipswich peterborough
    southampton portsmouth brighton reading slough exeter plymouth gloucester worcester
    chester stoke crewe harrogate doncaster rotherham barnsley grimsby scunthorpe
    yorkshire lancashire merseyside cumbria cheshire kent essex surrey sussex devon cornwall
    midlands west east north south northern southern western eastern greater central
    england scotland wales ireland britain uk gb eu
    """
)

#: Upper-case tokens that are acronyms, not SURNAMES written in police style.
ACRONYMS = word_set(
    """
    cctv asb idva isva marac nhs cps lgbt lgbtq gp pc pcso dc ds di dci dsu sgt cad urn dob
    ni pnc hmicfrs ico ons uk gb eu usa us bame send senco camhs mash tv id ok nfa rui cid
    nchi asbo cbo cpn sms pdf url fb ae a&e mp mps ccg icb dwp hmrc bsl adhd ptsd ocd dash
    ric ricas vrm anpr hmo rsl bbc itv rta yot cso wpc npt snt ast nb ps re fao aka nok
    ta ba msc phd ma bsc ceo hr ltd plc llp vat ie eg etc am pm hrs mins tel mob ref
    storm niche athena pnd crn ucs ucc ucp cpp cpw csp csu cis ofsted
    """
)


#: Words after a sentence-initial name that show it is a person: "Ionut said".
SPEECH_VERBS = word_set(
    """
    said says stated states told tells reported reports shouted was is has had lives
    lived came went asked confirmed explained disclosed attended saw heard threw spat
    punched kicked pushed approached alleges alleged admitted denied refused returned
    moved works worked who and called yelled screamed made sent posted messaged texted
    rang phoned visited remains remained also then later did does wants wanted agreed
    """
)

#: Last words of an agency's or a place of worship's name: such runs are not people.
ORG_TAIL = word_set(
    """
    team service services council unit trust association support partnership police
    project network group forum centre center board office department agency hub panel
    programme foundation charity court authority commission society federation alliance
    church mosque synagogue temple gurdwara mandir masjid
    """
)

#: Function words never taken as names, even after a title or cue.
CLOSED_CLASS = word_set(
    """
    the a an and or but of to in on at by for with from as is was he she they it his her
    their this that these those there then when while who what which where if so not no
    """
)


EXTRA_COMMON = word_set(
    """
    about across afterwards again all almost alone along already always among another any
    anyone anything around asked attended because been being between beyond called came
    could did does done down each either else enough even ever every everyone except few
    first further get gets getting go goes going gone got had has have having how however
    just last least less like made make many might more most much must near never new
    next now often once only other others otherwise out over own perhaps please quite
    rather really said same says see seen shall should some someone something sometimes
    soon still such than thank thanks though through thus together towards under unless up
    very was were whatever whether why will with would yet
    nobody anybody everybody somebody noone whoever whomever everything nothing
    note: nb update info information details description observations concerns concern
    advised confirmed stated states explained disclosed told reports says warned
    verbal physical online offline harassment criminal damage assault threats abuse
    abusive threatening intimidation theft burglary arson racially religiously
    aggravated public order section s4a s5 no further action arrested charged released
    interviewed cautioned bail remanded convicted sentenced acquitted
    victim's perpetrator's suspect's officer's council's
    good morning afternoon evening night bad
    men women hours years months weeks days minutes seconds
    mosque-goers christmas easter
    """
)


#: Words that open a nickname: "Big Gaz", "Little Mo", "Young Kasia".
NICKNAME_WORDS = word_set("big little lil wee young fat mad tall tiny")

#: Verbs that open the lines of an action plan ("Contact Anna", "Remind Bogdan"): at the
#: start of a sentence they are instructions, not the first half of a name.
ACTION_VERBS = word_set(
    """
    contact refer invite arrange remind inform advise chase email e-mail text ring phone
    telephone write signpost escort liaise encourage provide request obtain ensure notify
    consult allocate assign share forward schedule monitor accompany introduce reassure
    install fit complete submit seek gather explore identify establish approach visit
    update record log flag note consider discuss agree review check confirm tell ask call
    thank warn assist help speak meet see give send book offer support collect return
    """
)


@cache
def common_words() -> frozenset[str]:
    """Ordinary English words that may start a sentence or be shouted in capitals.

    Faker ships a list of about a thousand common English words for its lorem provider; it
    is a dependency already, so reusing its list costs nothing and keeps this file short.
    """
    from faker.providers.lorem.en_US import Provider as Lorem

    lorem = frozenset(w.lower() for w in Lorem.word_list)
    return lorem | DOMAIN_WORDS | HONORIFICS | RANKS | EXTRA_COMMON | ACTION_VERBS


@cache
def plain_words() -> frozenset[str]:
    """Ordinary words and strand words: never a street's, a firm's or a person's name alone."""
    return common_words() | HOSTILITY_WORDS
