"""Generate the bundled synthetic demo audit: a sample workbook and audit answers.

Run ``python resources/demo/make_demo.py`` to (re)write, next to this script:

- ``demo-sample.xlsx``: the sample an audit team would receive (sheet ``Sample``);
- ``demo-answers.csv``: answers for about two thirds of the records, in the long
  format ``record,question,instance,answer,note``.

Everything is invented: people are initials, "IP1" or "suspect 1"; places are
fictional; there are no phone numbers, postcodes or e-mail addresses. The output
is deterministic: a fixed seed, no wall-clock time, and the workbook is written
with fixed timestamps so that a re-run gives the same bytes.

Each record is generated together with the answers a careful auditor would give
(kept under the private ``_audit`` key), so that a log which closes without a
crime number is the one whose answers say the crime was not recorded.
``build_answers`` then chooses which records have been audited so far.

Only the standard library and openpyxl are used.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

SEED = 20241040
HERE = Path(__file__).resolve().parent
SAMPLE_PATH = HERE / "demo-sample.xlsx"
ANSWERS_PATH = HERE / "demo-answers.csv"

COLUMNS = (
    "key", "form", "reference", "reported", "recorded", "area", "category",
    "summary", "narrative", "officer", "disposal_date", "offender_age",
)
ANSWER_COLUMNS = ("record", "question", "instance", "answer", "note")
FORMS = (
    "incident", "referral", "cancelled_crime", "n100",
    "caution", "pnd", "cannabis_warning", "community_resolution",
)
OOCD_FORMS = ("caution", "pnd", "cannabis_warning", "community_resolution")
KEY_PREFIX = {
    "incident": "INC", "referral": "REF", "cancelled_crime": "CAN", "n100": "N100",
    "caution": "OOCD", "pnd": "OOCD", "cannabis_warning": "OOCD",
    "community_resolution": "OOCD",
}
REPEAT_QUESTIONS = (
    "offence_group", "recorded", "crime_ref", "timely", "classified_ok",
    "recorded_as", "not_recorded_reason", "flags",
)
# Optional or free-text questions: leaving them out does not make a record incomplete.
OPTIONAL_QUESTIONS = ("crime_ref", "recorded_as", "flags", "rationale")

# Workbook metadata and zip entries carry this instead of the time of the run.
FIXED_TIMESTAMP = dt.datetime(2024, 11, 4, 9, 0, 0)
ANSWERED_SHARE = 2 / 3
PARTIAL_RECORDS = 4

# Chances that the force got something wrong (tuned with SEED to ~85% compliance).
P_NOT_RECORDED = 0.13
P_LATE = 0.10
P_MISCLASSIFIED = 0.10
P_OOCD_BREACH = 0.10
TIME_LIMIT = dt.timedelta(hours=24)

AREAS = (
    ("North Hollowfield", "NH"), ("South Hollowfield", "SH"), ("Brackenmere", "BM"),
    ("Marrowgate", "MG"), ("Fenlow Cross", "FC"), ("Stannick Vale", "SV"),
    ("Quillbury East", "QE"), ("Oxlade Park", "OP"),
)
STREETS = (
    "Tannery Row", "Kestrel Close", "Millrace Lane", "Orchard Bank", "Coppice Way",
    "Weaver Street", "Lantern Walk", "Heronsgate Road", "Pinfold Terrace",
    "Sallow Drive", "Cobbler's Yard", "Fairmead Avenue", "Thistle Grove",
    "Quarry Hill Road", "Netherby Crescent", "Ropewalk Street",
)


# --------------------------------------------------------------------------
# Scenario structures
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Crime:
    """A crime that an incident or referral discloses and that should be recorded."""

    group: str                      # offence_group choice name
    label: str                      # how an auditor names it in a rationale
    classification: str             # the correct recording classification
    misclass: str = ""              # a plausible wrong one ("" = cannot go wrong)
    flags: tuple[str, ...] = ()
    missed: str = "incident_only"   # not_recorded_reason when it is missed
    at: int = 0                     # minutes after the report when it was disclosed


@dataclass(frozen=True)
class LogScenario:
    """An incident log or a referral: timestamped entries and the crimes they disclose."""

    category: str
    summary: str
    entries: tuple[tuple[int, str], ...]
    closing: str
    crimes: tuple[Crime, ...] = ()
    discloses: str = "no"           # used only when there are no crimes
    discloses_note: str = ""
    hours: tuple[int, int] = (8, 21)
    agency: str = ""                # referral only
    auditable: bool = True


@dataclass(frozen=True)
class CancelScenario:
    """A cancelled (no-crime) decision and how it should be judged."""

    category: str                   # cancelled_crime category choice name
    code: str
    classification: str
    summary: str
    text: str
    correct: bool = True
    should_have_been: str = ""
    authorised: str = "yes"
    authorised_note: str = ""
    victim_to_inform: bool = True
    victim_informed: bool = True
    rationale: str = ""
    auditable: bool = True


@dataclass(frozen=True)
class N100Scenario:
    """A rape report classified N100 and how it should be judged."""

    category: str
    summary: str
    text: str
    correct: bool = True
    rape_recorded: bool = False
    recorded_after_hours: int = 0
    rationale: str = ""


@dataclass(frozen=True)
class OocdScenario:
    """The circumstances behind an out-of-court disposal."""

    category: str
    summary: str
    text: str
    victim: str = ""                # who would be consulted ("" = no victim)
    retail: bool = False
    outcome: str = ""               # community resolution: what was agreed
    ages: tuple[int, int] = (18, 60)


# --------------------------------------------------------------------------
# Scenario text: incidents (STORM-style logs)
# --------------------------------------------------------------------------

_DA = "domestic_abuse"

INCIDENTS: tuple[LogScenario, ...] = (
    LogScenario(
        category="Domestic incident",
        summary="Female reports partner has punched her and smashed her phone; children in the house",
        hours=(20, 22),
        entries=(
            (0, "Caller, Mrs A, states her partner (suspect 1) has punched her in the face at their home on {street}, {area}. She has locked herself in the bathroom. Caller is whispering and sounds very distressed. A male voice can be heard shouting in the background."),
            (1, "Caller states suspect 1 has been drinking since the afternoon. He smashed her mobile phone against the kitchen wall when she tried to ring her sister, and she is calling from an old handset she keeps in a drawer. Two children, aged 4 and 7, are asleep upstairs."),
            (2, "Graded emergency. Units {unit} and {unit2} assigned. Domestic abuse history check requested."),
            (4, "Intelligence check: three previous domestic incidents at the address in the last 18 months, the most recent four months ago, when Mrs A disclosed pushing and threats but did not wish to make a complaint. Suspect 1 has a previous conviction for assaulting a former partner."),
            (6, "Call handler kept the line open. Caller states suspect 1 is now trying to force the bathroom door and is saying he will 'finish it' if she has called the police. Caller advised to stay where she is and keep the door locked. Units updated."),
            (9, "{unit} on scene. Suspect 1 detained in the hallway; verbally aggressive towards officers and smelling strongly of intoxicants."),
            (12, "{unit} update: IP1 (Mrs A) has a swollen and cut left cheekbone and a red mark around the front of her neck. She states suspect 1 grabbed her by the throat in the kitchen before punching her once. Ambulance requested as a precaution because of the neck injury."),
            (14, "Suspect 1 arrested on suspicion of assault occasioning actual bodily harm and criminal damage. Conveyed to custody by {unit2}."),
            (25, "Ambulance on scene. Paramedics assessed IP1; no hospital treatment needed. Advised to attend the minor injuries unit if swallowing becomes painful or her voice changes."),
            (31, "{unit2} update from custody: in the van suspect 1 said 'she made me do it, she knows what she's like'. Recorded on body-worn video and noted in pocket notebook. Custody officer informed of the threats made through the bathroom door."),
            (41, "{pc} update: IP1 states this is the fourth time he has hit her this year. He checks her phone every evening, has taken control of her wages, and will not let her see her sister unless he drives her there and waits outside. She says she is 'walking on eggshells' and is frightened of what he will do when he is released."),
            (48, "DASH risk assessment completed with IP1: 17 ticks, graded HIGH. Referrals to the independent domestic violence adviser (IDVA) and to the multi-agency risk assessment conference (MARAC) to follow. Children seen asleep and safe; notification to be sent to children's social care."),
            (55, "Body-worn video captured IP1's first account and her injuries. Photographs taken of the broken phone and the dent in the kitchen plaster where it hit the wall."),
            (70, "IP1 provided a first-account statement but says she is unsure whether she will support a prosecution. Advised that officers will seek an evidence-led prosecution if she does not, and that the IDVA will contact her tomorrow."),
            (96, "{ps} reviewed the log. Custody to consider a Domestic Violence Protection Notice. Neighbour two doors down spoken to: heard screaming and banging shortly before the call but did not want to get involved; first account taken."),
            (118, "Sister of IP1 arrived to stay with her overnight. Lock check of the premises completed; IP1 given safety advice and the details of local domestic abuse support services in writing."),
            (137, "Older child woke and spoke briefly to officers with her aunt present: she heard 'Daddy shouting and a bang'. No injuries to either child. Early help notification submitted."),
            (160, "{pc} leaving scene. Address flagged for priority response for 28 days."),
        ),
        closing="Result: domestic incident – arrest made; safeguarding referrals submitted.",
        crimes=(
            Crime("violence_with_injury", "Assault with injury", "Assault occasioning actual bodily harm", "Common assault", (_DA,)),
            Crime("criminal_damage_arson", "Criminal damage to IP1's phone", "Criminal damage – other", "", (_DA,), at=1),
            Crime("stalking_harassment", "Controlling or coercive behaviour", "Controlling or coercive behaviour in an intimate or family relationship", "Harassment", (_DA,), "not_recorded", at=41),
        ),
    ),
    LogScenario(
        category="Shoplifting",
        summary="Male detained by staff after concealing spirits in a holdall",
        hours=(10, 18),
        entries=(
            (0, "Caller is a staff member at a convenience store on {street}, {area}. A male has put four bottles of spirits, about £80 in total, into a holdall and tried to leave without paying. Staff have stopped him and he is waiting in the back office."),
            (4, "Male is calm and not threatening. Graded priority. {unit} assigned."),
            (31, "{unit} on scene. Suspect 1 admits taking the bottles and says he was going to sell them. Property recovered undamaged. Store CCTV seized."),
            (52, "Store manager wants the matter dealt with. Suspect 1 reported for an interview at a later date."),
        ),
        closing="Log closed – property recovered.",
        crimes=(Crime("theft", "Shop theft", "Theft from a shop", "Theft – other"),),
    ),
    LogScenario(
        category="Burglary – dwelling",
        summary="House broken into overnight through back door; neighbour's shed also forced",
        hours=(6, 7),
        entries=(
            (0, "Caller, Mr B, states his house on {street}, {area}, has been broken into overnight. He came downstairs to find the back door open, the lock snapped and the kitchen drawers pulled out. His wife's handbag, two laptops and a games console are missing. He, his wife and their teenage son were asleep upstairs and heard nothing."),
            (2, "Caller confirms no one is still inside. Advised not to touch the door or the drawers and to keep the family out of the kitchen. Graded priority. Crime scene investigator (CSI) requested."),
            (4, "Caller states his doorbell camera recorded movement at the side gate in the early hours; he will download the clip for officers."),
            (9, "Second caller, Mrs E, from the house next door on {street}: her garden shed has been forced and two mountain bikes taken. The padlock has been cut. She links it to her neighbour's burglary because a fence panel between the gardens is broken."),
            (38, "{unit} on scene. Entry via the rear door: cylinder lock snapped. Disturbance in the kitchen, lounge and dining room; nothing disturbed upstairs. Muddy footwear marks on the kitchen floor preserved under a cardboard cover."),
            (52, "Doorbell footage viewed: two people in dark clothing, hoods up and faces covered, enter the side gate at 03:12 and leave at 03:31 carrying a bag and a laptop. One appears to carry a long-handled tool. No vehicle visible."),
            (65, "{unit} update from next door: shed door forced with a pry bar; padlock hasp torn from the frame. Two adult mountain bikes taken, both with frame numbers registered on a cycle database. Mrs E has photographs of both bikes."),
            (80, "House-to-house enquiries on {street} and {street2} by {unit2}. Resident at number 9 heard a 'clanking noise' at about three o'clock but did not look out. Two more doorbell cameras identified; owners will send footage."),
            (120, "CSI attended. Footwear marks lifted from the kitchen floor and a partial glove mark taken from a drawer front. Shed door examined and tool marks photographed. Exhibits submitted."),
            (150, "Victim care: both households given crime prevention advice, victim support details and the burglary advice leaflet. Locksmith attending Mr B's address this afternoon. Mrs E's elderly mother lives with her and is very anxious; welfare call arranged."),
            (215, "{pc} update: serial numbers of both laptops provided by Mr B and added to the national property database. Bank cards from the handbag have been cancelled; the bank reports one card was used at a fuel station kiosk in the next town at 03:52. Kiosk CCTV requested."),
            (1790, "{pc} viewed the fuel station footage: two males wearing clothing matching the doorbell clip, faces partly visible. Stills circulated internally for identification."),
            (2950, "Two local males suggested by neighbourhood officers as possible matches. Intelligence submitted; arrest enquiries to follow. Both victims updated by telephone."),
            (4410, "Footwear mark comparison requested against the suspects' custody records. Mr B asked whether his property will be returned; advised it will be checked against any recovered items."),
        ),
        closing="Log closed – scene examined; enquiries passed to the investigating officer.",
        crimes=(
            Crime("burglary", "Burglary of Mr B's home", "Burglary – residential – home", "Burglary – business and community"),
            Crime("burglary", "Burglary of Mrs E's shed", "Burglary – residential – unconnected building", "Theft of a pedal cycle", missed="wrong_victim_count", at=9),
        ),
    ),
    LogScenario(
        category="Harassment",
        summary="Former partner sending hundreds of messages, waiting outside home and workplace",
        hours=(17, 19),
        entries=(
            (0, "Caller, Ms C, states her former partner (suspect 1) will not leave her alone since she ended the relationship eight weeks ago. He has sent hundreds of text and social media messages, some saying he loves her, others calling her names and saying she will regret leaving him. Tonight he has been sitting in his car outside her house on {street}, {area}, for over an hour."),
            (2, "Caller states he has turned up at her workplace three times in the last fortnight and waited by her car. Last week he left flowers and a card on her doorstep saying 'I'll always know where you are'. She changed her number once but he got the new one from a friend."),
            (3, "Caller is frightened and is not sleeping. She varies her route to work and has stopped going to the gym because he has appeared there. Graded priority."),
            (5, "Intelligence check: relationship lasted four years; two previous domestic incidents logged, both verbal arguments with no offences disclosed. Suspect 1 has no convictions."),
            (22, "{unit} on scene. Suspect 1 no longer outside; a car matching his was seen driving off as officers arrived. Caller showed officers the messages on her phone: in the last week alone there are over 200 messages and 40 missed calls."),
            (45, "{pc} update: stalking screening questions and DASH completed, risk graded MEDIUM with escalation in the last month. Caller has kept a diary of what has happened at work and at home. Screenshots captured on body-worn video. Caller wants police action and will give a statement."),
            (70, "{pc}: officers attended suspect 1's address; no reply. Card left asking him to make contact."),
            (118, "Caller rang back: suspect 1 has just messaged her saying 'nice to see the police round, do you feel safe now?'. Advised to ring 999 if he returns. Address flagged for priority response."),
            (1460, "{pc} took a full statement from Ms C, and a statement from her manager, who confirms suspect 1 came to the workplace reception three times and refused to leave on one occasion until security staff asked him to."),
            (1500, "{ps} reviewed: investigation plan set; suspect to be arrested when located; a Stalking Protection Order to be considered. Referral to the independent stalking advocacy service made with the caller's consent."),
            (2890, "Caller reports suspect 1 has driven past her house four times this evening. {unit2} attended; no trace of the car."),
            (2975, "Suspect 1 located at his home address and arrested. Phone seized. In interview he accepts sending the messages and going to her work but says he 'just wanted to talk' and did not think he was frightening her."),
            (3160, "Suspect 1 released on bail with conditions not to contact Ms C directly or through anyone else and not to enter her street. Ms C informed of the bail conditions and told to report any breach straight away."),
            (4380, "Ms C reports no contact since the arrest. She says she is sleeping a little better but still checks the street before leaving the house. Support from the stalking advocate has started."),
        ),
        closing="Log closed – details passed to the neighbourhood team for follow-up.",
        crimes=(Crime("stalking_harassment", "Stalking", "Stalking", "Harassment", (_DA,)),),
    ),
    LogScenario(
        category="Assault",
        summary="Fight outside a pub: one male with facial injuries, his friend pushed to the ground",
        hours=(22, 23),
        entries=(
            (0, "Caller, a door supervisor at a pub on {street}, {area}, states a fight has broken out outside. One male is on the floor bleeding from the face. The suspect, a male in a white shirt, has walked off towards the taxi rank."),
            (1, "Caller states the suspect punched the male on the floor (IP1) twice and then shoved IP1's friend (IP2) to the ground when he tried to step in. Ambulance requested."),
            (3, "Graded emergency. {unit} and {unit2} assigned."),
            (11, "{unit} on scene. IP1 has a suspected broken nose and a cut above the eye; paramedics treating. IP2 has grazed hands and says he is 'fine'."),
            (14, "{unit2} detained a male matching the description at the taxi rank; the door supervisor identified him. Arrested on suspicion of assault occasioning actual bodily harm."),
            (40, "IP1 taken to hospital by ambulance. IP2 gave a first account on body-worn video: he was pushed hard with both hands, fell backwards and hit the pavement. He wants the suspect dealt with for what he did to both of them."),
            (75, "Pub CCTV viewed by {pc}: it shows the suspect strike IP1 twice without provocation and push IP2 over. Copy requested."),
        ),
        closing="Log closed – suspect in custody.",
        crimes=(
            Crime("violence_with_injury", "Assault with injury on IP1", "Assault occasioning actual bodily harm", "Common assault"),
            Crime("violence_without_injury", "Common assault on IP2", "Common assault", "", missed="wrong_victim_count", at=1),
        ),
    ),
    LogScenario(
        category="Criminal damage",
        summary="Car scratched along both sides and wing mirror smashed overnight",
        hours=(7, 9),
        entries=(
            (0, "Caller states that overnight someone has scratched the paintwork along both sides of her car, parked on {street}, {area}, and smashed the driver's wing mirror. She has been quoted about £650 for the repair."),
            (8, "Caller has no idea who would do it and there is no CCTV in the street. Advised an officer will ring her back."),
            (190, "{pc} rang caller: details taken, crime prevention advice given, victim support offered."),
        ),
        closing="Log closed – caller given advice.",
        crimes=(Crime("criminal_damage_arson", "Criminal damage to the caller's car", "Criminal damage to a vehicle", "Criminal damage – other"),),
    ),
    LogScenario(
        category="Concern for safety",
        summary="Elderly neighbour not seen for two days; found safe and well",
        hours=(10, 15),
        entries=(
            (0, "Caller states her elderly neighbour, a man in his eighties who lives alone on {street}, {area}, has not taken in his milk for two days and is not answering the door. Curtains closed."),
            (4, "Graded priority. {unit} assigned. Caller has no key."),
            (26, "{unit} on scene. No reply. Officers checking the windows at the rear."),
            (34, "{unit}: male seen through the rear window sitting in his chair; he waved. He came to the door and says he has had a heavy cold and did not feel like answering. Home warm, food in the fridge, no injuries."),
            (50, "With his consent, adult social care asked to arrange a welfare visit. Caller updated."),
        ),
        closing="Log closed – male found safe and well; no offences disclosed.",
    ),
    LogScenario(
        category="Abandoned/silent call",
        summary="Silent emergency call; raised voice heard; caller not traced",
        hours=(0, 2),
        entries=(
            (0, "Silent emergency call transferred by the operator. Open line for about 40 seconds: a television and what may be a raised male voice can be heard, then the line disconnects."),
            (2, "Call back attempted twice: no answer, then voicemail."),
            (6, "Mobile location data gives a large area covering part of {area}; no address can be identified. No previous calls from this number on our systems."),
            (21, "Subscriber check requested; the number is pay-as-you-go with no registered details."),
        ),
        closing="Log closed – abandoned call, no further information.",
        discloses="unable",
        discloses_note="Open line only; not enough information to judge.",
    ),
    LogScenario(
        category="Neighbour dispute",
        summary="Neighbour shouting racist abuse over the fence and kicking in fence panels",
        hours=(14, 18),
        entries=(
            (0, "Caller, Mr F, states his next-door neighbour (suspect 1) is in his back garden shouting racist abuse at him and his wife over the fence. Caller is of Black Caribbean heritage. Suspect 1 has just kicked through two fence panels."),
            (2, "Caller states his wife is very upset and has taken the children inside. Suspect 1 is still shouting. Graded priority."),
            (28, "{unit} on scene. Suspect 1 now calm; admits an argument about the fence and an overhanging tree but denies saying anything racist. Two fence panels broken. The caller's wife filmed part of the abuse on her phone; officers viewed it and the words are plainly racially abusive."),
            (45, "Independent witness at the house opposite heard the shouting and the words used; first account taken."),
            (60, "Previous logs: three neighbour disputes since last summer about parking and the boundary; no offences recorded."),
        ),
        closing="Log closed – neighbour dispute; both parties given advice.",
        crimes=(
            Crime("public_order", "Racially aggravated public order offence", "Racially or religiously aggravated public fear, alarm or distress", "Public fear, alarm or distress", ("hate_crime",)),
            Crime("criminal_damage_arson", "Racially aggravated damage to the fence", "Racially or religiously aggravated criminal damage", "Criminal damage – other", ("hate_crime",)),
        ),
    ),
    LogScenario(
        category="Fraud",
        summary="Elderly caller targeted by courier fraud; nothing handed over",
        hours=(11, 14),
        entries=(
            (0, "Caller, Mrs G, aged 79, states a man rang her this morning claiming to be a detective and saying her bank card had been cloned. He told her a courier would collect her card and PIN this afternoon 'to keep them as evidence'."),
            (3, "Caller advised not to hand over any card or PIN: the police and banks never ask for them. She has not handed anything over and has lost no money."),
            (30, "{unit} attended. Caller safe and well. The number that rang her recorded for intelligence. Her daughter contacted and is coming to stay with her."),
            (46, "Officers waited at the address; no courier attended. Banking Protocol notification made to the caller's bank."),
        ),
        closing="Log closed – attempted fraud reported to Action Fraud on the caller's behalf.",
        discloses_note="Attempted fraud: recorded by Action Fraud, not by the force.",
    ),
    LogScenario(
        category="Theft – pedal cycle",
        summary="Pedal cycle stolen from racks outside the railway station",
        hours=(17, 20),
        entries=(
            (0, "Caller states his pedal cycle has been stolen from the cycle racks on the street outside the railway station on {street}, {area}. He locked it there at half past seven this morning and the cable lock has been cut. Black hybrid bike worth about £450."),
            (5, "Caller has the frame number and a photograph. Advised council CCTV covering the racks will be checked."),
            (65, "{pc} rang the caller back: crime prevention advice given."),
        ),
        closing="Log closed.",
        crimes=(Crime("theft", "Theft of a pedal cycle", "Theft of a pedal cycle", "Theft – other"),),
    ),
    LogScenario(
        category="Robbery of personal property",
        summary="Boy aged 14 made to hand over his phone to three older youths in the park",
        hours=(15, 18),
        entries=(
            (0, "Caller, a mother, states her son (IP1, aged 14) has just come home from the park on {street2}, {area}, and says three older boys surrounded him; one showed the handle of a knife in his waistband and demanded his phone. IP1 handed it over. He is shaken but not hurt."),
            (3, "Descriptions: three males aged about 16 to 18, one in a grey tracksuit carrying a red bag. Made off towards the shops. Graded emergency because of the weapon."),
            (6, "{unit} and {unit2} assigned to search the area."),
            (40, "{unit}: area search negative. {unit2} with IP1 and his mother; first account taken. Phone location showed it near the shops before it was switched off."),
            (90, "Similar robbery reported in the same park last week; intelligence linked. IP1's school informed with his mother's consent."),
        ),
        closing="Log closed – area searched, no trace of suspects.",
        crimes=(Crime("robbery", "Robbery of IP1's phone", "Robbery of personal property", "Theft from the person", ("child_victim",)),),
    ),
    LogScenario(
        category="Anti-social behaviour – rowdy",
        summary="Very drunk male shouting in the road in the town centre",
        hours=(0, 2),
        entries=(
            (0, "Caller, a taxi marshal in {area} town centre, states a drunk male is staggering into the road and shouting at cars. No threats or violence towards anyone."),
            (5, "{unit} on scene. Male very drunk, unable to stand unaided and refusing to go home."),
            (15, "Male arrested for being drunk and disorderly, for his own safety, and taken to custody. No injuries; no one else involved."),
        ),
        closing="Log closed – male arrested for drunk and disorderly (non-notifiable).",
    ),
    LogScenario(
        category="Theft",
        summary="Cash and jewellery missing from the home of a man with dementia who has carers",
        hours=(9, 13),
        entries=(
            (0, "Caller, Ms H, states that cash and jewellery have gone missing from her father's bungalow on {street}, {area}. Her father (IP1, aged 84) has early dementia and has four carer visits a day from an agency."),
            (2, "Caller states about £300 kept in a tin in the kitchen has gone, along with her late mother's engagement ring and a gold watch. She noticed the ring was missing at the weekend. Only the carers and the family have access."),
            (60, "{pc} rang the caller back. She believes one carer is responsible because her father has said 'the young one takes my money'. The agency has been told and has taken that carer off his visits."),
            (200, "{pc} visited. IP1 said in a short conversation that money had 'gone'. Adult safeguarding referral submitted."),
        ),
        closing="Log closed – referred to adult social care.",
        crimes=(Crime("theft", "Theft from IP1's home", "Theft in a dwelling other than from an automatic machine or meter", "Theft – other", ("vulnerable_adult",)),),
    ),
    LogScenario(
        category="Modern slavery concern",
        summary="Workers at a hand car wash appear to live on site and work unpaid",
        hours=(12, 16),
        entries=(
            (0, "Caller, a member of the public, is worried about men working at a hand car wash on {street}, {area}. The same four men are there seven days a week from early morning until late at night. They look thin and tired, have no gloves and seem to sleep in a cabin at the back of the site."),
            (5, "Caller states one of the workers asked her for food last week and said the boss keeps his passport. He speaks little English."),
            (30, "Graded for a scheduled visit. Neighbourhood team and the modern slavery single point of contact informed."),
            (240, "{pc} and {pc2} visited with a local authority officer. Four men present; the cabin holds mattresses on the floor and a camping stove. One man, speaking through a telephone interpreter, said he owes the boss money for his journey to the UK, is paid nothing and cannot leave until the debt is paid. His passport is held by the boss."),
            (275, "The man accepted help: referred through the National Referral Mechanism and taken to safe accommodation. The other three declined to speak to officers. Site manager not present."),
        ),
        closing="Log closed – intelligence submitted; partner agencies informed.",
        crimes=(Crime("violence_without_injury", "Modern slavery offence", "Modern slavery", "", ("modern_slavery",), "not_recorded", at=240),),
    ),
    LogScenario(
        category="Sexual offence",
        summary="Female reports being raped at a house party by a man she knows",
        hours=(9, 12),
        entries=(
            (0, "Caller, Ms J, aged 24, states she was raped last night at a house party in {area} by a man she knows through friends. She says she told him no and tried to push him away. She is calling from her sister's flat."),
            (2, "Caller is distressed but safe. She has not showered and still has the clothes she was wearing. Early evidence kit explained. Graded priority."),
            (4, "Caller knows the man's first name and where he lives. He is not with her. He has messaged her today saying 'sorry about last night'."),
            (35, "{unit} on scene. Early evidence samples taken with consent. First account recorded on body-worn video. Specially trained officer requested."),
            (60, "Specially trained officer allocated. Appointment made at the sexual assault referral centre (SARC) this afternoon. Clothing seized."),
            (90, "Ms J's sister is staying with her. Victim support referral made with consent."),
        ),
        closing="Log closed – passed to the specialist sexual offences team.",
        crimes=(Crime("rape", "Rape of Ms J", "Rape of a female aged 16 and over", "Sexual assault on a female aged 13 and over"),),
    ),
)


# --------------------------------------------------------------------------
# Scenario text: referrals from other agencies
# --------------------------------------------------------------------------

REFERRALS: tuple[LogScenario, ...] = (
    LogScenario(
        agency="childrens_social_care",
        category="Referral – children's social care (physical abuse)",
        summary="School reports belt marks on a 9-year-old; child says stepfather hit him",
        hours=(9, 11),
        entries=(
            (0, "Referral received from children's social care through the multi-agency safeguarding hub (MASH) by secure e-mail. Referral text follows."),
            (0, "Referral text: The designated safeguarding lead at a primary school reports that Child A (aged 9) arrived at school this morning with two red linear marks across the backs of both thighs, seen by the class teacher when Child A changed for PE. Asked in an open way what had happened, Child A said 'my stepdad did it with his belt because I broke the telly remote'. Child A said it happened 'last night after tea' and that it 'really stung'. Child A said he was scared to go home."),
            (1, "Referral text continued: The school has had two earlier concerns this term: Child A arrived without a coat in freezing weather, and was seen with a bruise to the upper arm, which he explained as a fall in the park. His mother was spoken to both times and was cooperative. Child A has a younger sibling (Child B, aged 3) who attends the nursery on the same site. On social care advice the school has not told the parents about this referral."),
            (15, "MASH police researcher: household is mother (Ms D), stepfather (suspect 1, aged 31), Child A and Child B. Suspect 1 has a caution for common assault from 2019 against an adult male, and intelligence of cannabis use. One previous log at the address in 2023 for a verbal argument; no offences disclosed. No current bail conditions."),
            (35, "Strategy discussion by telephone: children's social care team manager, {dc}, the school nurse and the designated safeguarding lead. Agreed that the threshold for a section 47 enquiry is met. Actions: joint visit today; child protection medical for Child A; police to lead the criminal investigation; sibling to be seen."),
            (48, "{dc} allocated. Photographs of the marks taken at school by the school nurse with the safeguarding lead present, in line with the local protocol."),
            (95, "Child protection medical completed at the children's hospital. Paediatrician's opinion: the marks are consistent with being struck with a belt or similar implement within the last 24 hours; older, faded marks on the left buttock also noted. Child A repeated his account to the paediatrician."),
            (140, "Joint visit to the home address on {street}, {area}, by {dc} and a social worker. Ms D shocked and tearful; she says she was at work last night and had no idea. Suspect 1 not present. Child B seen: no marks, appears well cared for."),
            (165, "Suspect 1 located at his workplace and arrested on suspicion of assault occasioning actual bodily harm. Conveyed to custody."),
            (210, "Ms D agreed a safety plan: suspect 1 will not return to the address while enquiries continue and will stay with his brother. Social worker to visit again tomorrow. Child A to be interviewed under Achieving Best Evidence (ABE) guidance tomorrow morning at the child-friendly suite."),
            (330, "Suspect 1 interviewed with a solicitor present. He admits 'tapping' Child A with a belt 'once or twice' as discipline and says he was 'brought up the same way'. He denies any earlier incidents. Released on pre-charge bail with conditions not to contact Child A or Child B and not to attend the home address."),
            (1500, "ABE interview completed. Child A gave a clear and consistent account of being hit with a belt on the evening in question. Case file to be prepared for a charging decision."),
            (1565, "Initial child protection conference to be held within 15 working days; police attendance confirmed."),
        ),
        closing="Referral closed on the MASH system.",
        crimes=(Crime("violence_with_injury", "Assault with injury on Child A", "Assault occasioning actual bodily harm", "Common assault", ("child_victim", _DA)),),
    ),
    LogScenario(
        agency="health",
        category="Referral – health (domestic abuse)",
        summary="Emergency department reports patient says husband broke her finger",
        hours=(8, 12),
        entries=(
            (0, "Referral received from the emergency department safeguarding nurse by secure e-mail."),
            (0, "Referral text: Adult female patient (IP1, aged 38) attended overnight with a fractured little finger and bruising to the forearm. She told the triage nurse her husband bent her finger back during an argument about money. She asked staff not to involve the police because 'it will make things worse'. Referral made under the hospital's domestic abuse policy with her knowledge; she has agreed to speak to an IDVA."),
            (40, "{dc} reviewed. One previous domestic incident between the couple three years ago (verbal argument). No children in the household."),
            (185, "{dc} spoke to IP1 by telephone at a time she said was safe. She confirmed what she told the hospital but does not want to make a statement or support a prosecution. DASH completed: MEDIUM risk. IDVA referral made. IP1 told how to contact the police safely."),
        ),
        closing="Referral closed; victim does not support police action.",
        crimes=(Crime("violence_with_injury", "Assault with injury on IP1", "Assault occasioning actual bodily harm", "Common assault", (_DA,)),),
    ),
    LogScenario(
        agency="education",
        category="Referral – education (indecent image)",
        summary="School reports a pupil's intimate image shared in a year-group chat",
        hours=(10, 14),
        entries=(
            (0, "Referral received from a secondary school's designated safeguarding lead."),
            (0, "Referral text: A Year 9 pupil (Child C, aged 14) told a teacher that a nude image of her, which she sent in confidence to a boy in her year, has been shared in a group chat with about 30 pupils. Staff have not viewed the image. Other pupils say the boy (Child E, aged 14) shared it. Parents of both children informed."),
            (25, "{dc} reviewed with the school liaison officer. Advice to the school: do not view or copy the image; pupils to be told not to share it further."),
            (125, "Child C and her mother seen at home by {dc}. Child C confirmed the account. She is upset and has not been to school since. The service that helps young people get images removed from the internet explained."),
        ),
        closing="Referral closed after safeguarding advice to the school.",
        crimes=(Crime("other_sexual", "Sharing an indecent image of Child C", "Obscene publications – indecent images of children", "Malicious communications", ("child_victim",)),),
    ),
    LogScenario(
        agency="other_force",
        category="Transferred report – theft from vehicle",
        summary="Neighbouring force transfers report of tools stolen from a van on a building site",
        hours=(9, 16),
        entries=(
            (0, "Crime report transferred from a neighbouring force. Their call handler took the report from IP1, who lives in their area, but the van was broken into while parked at a building site on {street}, {area}, in this force's area."),
            (0, "Transferred report text: IP1, a self-employed plumber, left his van at the site overnight. In the morning the side door lock had been punched and power tools worth about £2,400 were missing. The site has no CCTV. IP1 has a list of the tools' serial numbers."),
            (65, "Transfer received by the crime management unit; the neighbouring force has closed its own record as transferred."),
        ),
        closing="Transfer accepted.",
        crimes=(Crime("vehicle", "Theft from IP1's van", "Theft from a motor vehicle", "Theft – other"),),
    ),
    LogScenario(
        agency="other",
        category="Referral – housing (hate incident)",
        summary="Housing association reports racist graffiti sprayed on a tenant's front door",
        hours=(9, 15),
        entries=(
            (0, "Referral received by e-mail from a housing association's tenancy enforcement officer."),
            (0, "Referral text: Tenant IP1, who is of South Asian heritage, found racist graffiti sprayed in red paint on her front door and the communal wall outside her flat on {street}, {area}. The words are a racial slur and tell the family to leave. The association has photographed the graffiti and will remove it within 24 hours. IP1 believes a youth from the next block, who has shouted at her children before, is responsible."),
            (45, "{pc} allocated to visit. Photographs obtained from the housing association."),
            (205, "{pc} visited IP1. She confirmed the account and feels targeted because of her ethnicity. Her two children are frightened to play outside. Door-to-door enquiries in the block: no witnesses."),
        ),
        closing="Referral closed; hate crime advice given and housing association updated.",
        crimes=(Crime("criminal_damage_arson", "Racially aggravated damage to IP1's door", "Racially or religiously aggravated criminal damage", "Criminal damage to a dwelling", ("hate_crime",)),),
    ),
    LogScenario(
        agency="health",
        category="Referral – health (adult safeguarding)",
        summary="Care home resident with dementia found with bruised arms",
        hours=(9, 13),
        entries=(
            (0, "Referral received from the health adult safeguarding team about a care home resident."),
            (0, "Referral text: Resident IP1 (aged 87, advanced dementia) was found to have bruising to both upper arms during personal care. IP1 cannot give an account. The care home manager has started an internal review and stopped use of the hoist pending checks."),
            (180, "{dc} liaised with the safeguarding team and the care home. Care records show IP1 was hoisted twice the previous day and one of the slings was found to be the wrong size. GP examined IP1: bruising consistent with pressure from a hoist sling. Staff accounts consistent. No allegation against anyone and no indication of an offence."),
        ),
        closing="Referral closed; continues as a safeguarding enquiry led by adult social care.",
    ),
    LogScenario(
        agency="other",
        category="Referral – bank (fraud and blackmail)",
        summary="Bank stops romance-fraud payment; customer also being threatened with her images",
        hours=(10, 15),
        entries=(
            (0, "Referral received from a bank's fraud and safeguarding team."),
            (0, "Referral text: Customer IP1 (aged 61) tried to make a fourth international transfer, of £4,000, to a man she met on a dating site and has never met in person. He told her he is an engineer working overseas who needs money to release his equipment from customs. Branch staff stopped the payment. IP1 has already sent about £9,500. When staff explained their concerns, IP1 said that when she told him she could not send more, he threatened to send intimate photographs she had shared with him to her family and her employer unless she paid."),
            (30, "{dc} reviewed. The fraud is to be reported to Action Fraud for recording; IP1 to be helped to do this."),
            (150, "{dc} visited IP1 at home. IP1 confirmed the threats and showed the messages. Advised to stop contact, not to pay, and to report the profile to the dating site. Referral made to the economic crime victim care unit."),
        ),
        closing="Referral closed; fraud reported to Action Fraud.",
        crimes=(Crime("other", "Blackmail (threat to share intimate images)", "Blackmail", "Malicious communications", missed="not_recorded"),),
    ),
    LogScenario(
        agency="other",
        auditable=False,
        category="Referral – content unavailable",
        summary="Partner-agency referral; referral text not retained",
        hours=(9, 16),
        entries=(
            (0, "Referral record opened from a partner agency. The referral text was held as an attachment that was not carried over when the referral system was replaced; only the header fields (date received, agency type and allocated team) remain."),
            (0, "No further entries."),
        ),
        closing="Referral closed.",
    ),
)


# --------------------------------------------------------------------------
# Scenario text: cancelled crimes and N100 ({d+N} is the report date plus N days)
# --------------------------------------------------------------------------

CANCELLED: tuple[CancelScenario, ...] = (
    CancelScenario(
        category="rape", code="C2", classification="Rape of a female aged 16 and over",
        summary="Third-party rape report; victim states no sexual contact took place",
        text=(
            "{d+0} Crime recorded: rape of a female aged 16 and over, reported by a third party. A colleague of IP1 told a manager that IP1 had been raped at a party the previous weekend, and the manager rang the police.\n"
            "{d+1} IP1 seen by a specially trained officer. IP1 gave a clear, unprompted account that she had no sexual contact with anyone at the party; she had told her colleague she had 'got with' a man, meaning they kissed, and the colleague misunderstood. Her account is supported by messages from that night which she showed the officer.\n"
            "{d+3} DI review: additional verifiable information from the victim herself shows no notifiable crime occurred. Request to cancel under C2 sent to the Force Crime Registrar.\n"
            "{d+6} FCR decision: cancellation authorised under C2. The FCR notes the account came directly from IP1 and there is no sign of pressure or coercion.\n"
            "{d+7} IP1 told of the decision in person by the specially trained officer."
        ),
    ),
    CancelScenario(
        category="rape", code="C2", classification="Rape of a female aged 16 and over",
        summary="Rape cancelled after victim withdrew support; authorised by a DDM",
        text=(
            "{d+0} Crime recorded: rape of a female aged 16 and over. IP1 reported that her former partner raped her at her home in {area} two weeks earlier. ABE interview arranged.\n"
            "{d+4} IP1 rang the officer in the case and said she no longer wants to go ahead; she 'just wants to move on' and is frightened of the effect on her children. She did not withdraw the allegation itself.\n"
            "{d+5} {ds}: victim does not support; no further action; cancel C2.\n"
            "{d+5} Cancellation authorised by DDM {ps}.\n"
            "{d+8} IP1 informed by letter that the crime record has been cancelled."
        ),
        correct=False, should_have_been="remain_recorded", authorised="no",
        rationale=(
            "Victim withdrew support but did not retract; no AVI, so the rape should remain recorded. "
            "Rape cancellation authorised by a DDM; only the FCR may authorise."
        ),
    ),
    CancelScenario(
        category="violence", code="C3", classification="Assault occasioning actual bodily harm",
        summary="Duplicate record of an assault at a takeaway",
        text=(
            "{d+0} Crime recorded: assault occasioning actual bodily harm at a takeaway on {street}, {area}.\n"
            "{d+0} A second crime record was created the same evening by the night-shift crime desk from the same incident log, with the same victim, suspect and time.\n"
            "{d+2} Crime management unit identified the duplicate. Both records checked: same victim (IP1, male, 34), same offence, same log reference. The later record is cancelled under C3 and its investigation entries copied to the original.\n"
            "{d+2} Cancellation authorised by DDM {ps}."
        ),
        victim_to_inform=False,
    ),
    CancelScenario(
        category="violence", code="C2", classification="Common assault",
        summary="Assault cancelled after CCTV shows the reported victim was the aggressor",
        text=(
            "{d+0} Crime recorded: common assault. IP1 reported that a man pushed him over outside a nightclub in {area} town centre.\n"
            "{d+1} Council CCTV reviewed by {pc}. It shows IP1 approach the other man, punch him twice in the face and grab him around the neck; the other man pushes IP1 away and IP1 falls. Statements from door staff match the footage.\n"
            "{d+2} Investigating officer concluded the push was reasonable force in self-defence; the footage is additional verifiable information that no crime was committed against IP1. C2 requested.\n"
            "{d+3} Cancellation authorised by DDM {ps}. A separate crime of assault recorded with IP1 as the suspect.\n"
            "{d+21} Record finalised. No entry shows IP1 was told the crime had been cancelled."
        ),
        victim_informed=False,
        rationale="Cancellation correct (CCTV is AVI) but no record that IP1 was told of the decision.",
    ),
    CancelScenario(
        category="robbery", code="C2", classification="Robbery of personal property",
        summary="Reported phone robbery; phone later found in victim's car",
        text=(
            "{d+0} Crime recorded: robbery of personal property. IP1 (male, 22) reported that two males on bicycles snatched his mobile phone and pushed him against a wall on {street}, {area}.\n"
            "{d+1} Location tracking from IP1's network provider placed the handset at IP1's home address.\n"
            "{d+2} IP1 told {pc} he had found the phone under the seat of his car. He had been drinking, assumed it had been stolen when he could not find it, and the 'push' was a stranger bumping into him earlier in the evening. He was clear there was no robbery.\n"
            "{d+4} The recovered phone and IP1's own account are additional verifiable information that no crime occurred. C2 authorised by DDM {ps}.\n"
            "{d+4} IP1 informed by telephone; he apologised for the confusion."
        ),
    ),
    CancelScenario(
        category="robbery", code="C1", classification="Robbery of personal property",
        summary="Handbag robbery that took place in a neighbouring force's area",
        text=(
            "{d+0} Crime recorded: robbery of personal property. IP1 reported at the front counter in {area} that her handbag was taken by force at a bus stop.\n"
            "{d+0} On further questioning IP1 confirmed the robbery happened in a neighbouring force's area, at a bus stop by a shopping centre there, before she travelled home.\n"
            "{d+1} The neighbouring force accepted the crime and supplied its own reference. Record cancelled under C1 (transferred to another force). Authorised by DDM {ps}.\n"
            "{d+1} IP1 told that the neighbouring force will investigate and given their reference."
        ),
    ),
    CancelScenario(
        category="other", code="C4", classification="Burglary – residential – home",
        summary="Burglary created in error against a lost-property report",
        text=(
            "{d+0} Crime recorded: burglary – residential, created by the crime desk from a log on {street}, {area}.\n"
            "{d+0} The log was a lost-property report (a set of keys handed in at a shop). The crime desk linked it to the wrong caller, whose earlier call about a suspicious person had been closed with no offence disclosed.\n"
            "{d+1} Caller spoken to: no break-in, nothing taken, no crime reported. Record created in error; C4 requested.\n"
            "{d+2} Cancellation authorised by DDM {ps}."
        ),
        victim_to_inform=False,
    ),
    CancelScenario(
        category="other_sexual", code="C2", classification="Sexual assault on a female aged 13 and over",
        summary="Sexual assault on a bus cancelled because no suspect or CCTV was found",
        text=(
            "{d+0} Crime recorded: sexual assault on a female aged 13 and over. IP1 (female, 19) reported that a man touched her over her clothing on a late bus into {area}.\n"
            "{d+3} Bus CCTV requested; the operator says the camera on that bus was not working.\n"
            "{d+12} No suspect identified. {dc}: no evidence to support the allegation; cancel C2.\n"
            "{d+14} Cancellation authorised by DDM {ps}.\n"
            "{d+15} IP1 told by telephone that the crime had been cancelled."
        ),
        correct=False, should_have_been="remain_recorded",
        rationale=(
            "Lack of evidence is not AVI that no crime occurred; should remain recorded "
            "and be finalised with an investigation outcome."
        ),
    ),
    CancelScenario(
        category="violence", code="C2", classification="Restricted record",
        summary="Restricted record; not visible to the audit team",
        text=(
            "Access restricted. This crime record is held in a restricted investigation area and cannot be opened with audit permissions. "
            "Access requested from the senior investigating officer; no reply when the sample was drawn."
        ),
        auditable=False,
    ),
    CancelScenario(
        category="other", code="C2", classification="Theft – other",
        summary="Lawnmower 'theft' – neighbour had borrowed it by arrangement",
        text=(
            "{d+0} Crime recorded: theft – other. IP1 reported that his lawnmower had been taken from his front garden in {area}.\n"
            "{d+1} IP1's neighbour told {pc} he has a standing arrangement to borrow the mower whenever he needs it and had left a note, which blew away. IP1 agreed he had forgotten the arrangement. Mower returned.\n"
            "{d+2} Cancelled under C2: additional verifiable information shows there was no dishonest appropriation.\n"
            "{d+2} Authorising officer field left blank on the cancellation entry.\n"
            "{d+3} IP1 informed by e-mail."
        ),
        authorised="unable", authorised_note="Authorising officer field blank.",
    ),
)

N100S: tuple[N100Scenario, ...] = (
    N100Scenario(
        category="N100 – rape report not recorded as a crime",
        summary="Friend reports concern about a rape; the woman says the sex was consensual",
        text=(
            "{d+0} A woman rang to say she was worried that her friend, IP1 (aged 23), had been raped after a night out in {area}, because IP1 had been upset and said she 'regretted' going home with a man.\n"
            "{d+1} IP1 seen at home by a specially trained officer. IP1 said the sexual activity was consensual, that she was upset because she had argued with her friend about it, and that she does not want police involvement. She was clear and consistent.\n"
            "{d+2} Classified N100: a report of rape where the victim, spoken to directly, states no rape occurred. Reviewed by {ds}."
        ),
    ),
    N100Scenario(
        category="Rape of a female aged 16 and over (reclassified from N100)",
        summary="Victim's first account at the SARC disclosed rape; held as N100 for four days",
        text=(
            "{d+0} IP1 attended the sexual assault referral centre and, through a crisis worker, reported that she was raped by a man she met in a bar in {area} the night before. She gave a first account describing intercourse after she had said no several times.\n"
            "{d+0} Classified N100 pending an ABE interview.\n"
            "{d+2} ABE interview postponed because IP1 was unwell.\n"
            "{d+4} {ds} reviewed: the first account at the SARC disclosed rape and should have been recorded then. Crime recorded: rape of a female aged 16 and over."
        ),
        correct=False, rape_recorded=True, recorded_after_hours=98,
        rationale="Victim's first account at the SARC disclosed rape; held as N100 and not recorded for four days.",
    ),
    N100Scenario(
        category="N100 – rape report not recorded as a crime",
        summary="Anonymous SARC report; victim not identifiable and wants no police contact",
        text=(
            "{d+0} The sexual assault referral centre passed on, as intelligence only, that an adult woman had disclosed being raped in {area} several years ago. She has chosen not to be identified and does not want police contact.\n"
            "{d+1} The SARC confirmed it cannot share her details without her consent. No victim can be identified or spoken to.\n"
            "{d+1} Classified N100: third-party report where the victim cannot be identified. Intelligence record created. Reviewed by {ds}."
        ),
    ),
    N100Scenario(
        category="N100 – rape report not recorded as a crime",
        summary="Woman believes she was drugged and had sex with while unconscious; still N100",
        text=(
            "{d+0} IP1 (aged 20) reported that she woke at an acquaintance's flat in {area} with no memory of the night, partly undressed and in pain. She believes her drink was spiked and that a man at the flat had sex with her while she was unconscious.\n"
            "{d+0} Classified N100, entry reads 'victim unsure what happened'. Toxicology samples taken with consent.\n"
            "{d+9} Toxicology results awaited. No update on the record.\n"
            "{d+30} Record still classified N100."
        ),
        correct=False, rape_recorded=False,
        rationale="Account of intercourse while unconscious discloses rape; still held as N100 after 30 days.",
    ),
)


# --------------------------------------------------------------------------
# Scenario text: out-of-court disposals
# --------------------------------------------------------------------------

CAUTIONS: tuple[OocdScenario, ...] = (
    OocdScenario("Theft from a shop", "Simple caution – meat and cheese taken from a supermarket",
                 "Offender detained by store security at a supermarket on {street}, {area}, after leaving with meat and cheese worth £{value} hidden in a rucksack. Property recovered. Interviewed at the police station.",
                 victim="the store manager", ages=(19, 64)),
    OocdScenario("Common assault", "Simple caution – bus driver pushed in an argument over a fare",
                 "Offender pushed IP1, a bus driver, in the chest during an argument about a fare on a route through {area}; IP1 was not injured. Offender interviewed voluntarily.",
                 victim="IP1"),
    OocdScenario("Possession of a controlled drug – Class A", "Simple caution – wrap of cocaine found on search",
                 "Offender stopped and searched on {street}, {area}, under the Misuse of Drugs Act and found with a single wrap of cocaine (about 0.5 g) for personal use.",
                 ages=(19, 45)),
    OocdScenario("Criminal damage – other", "Simple caution – glass panel in a communal door kicked in",
                 "Offender kicked and broke a glass panel in the communal entrance door of a block of flats on {street}, {area}, after a night out; damage about £180.",
                 victim="the managing agent", ages=(18, 35)),
    OocdScenario("Harassment", "Simple caution – weeks of abusive messages to a former friend",
                 "Offender sent repeated abusive messages to a former friend over three weeks after a falling-out; the messages stopped after police contact.",
                 victim="IP1"),
    OocdScenario("Making off without payment", "Simple caution – fuel taken without paying",
                 "Offender filled his car with £{value} of fuel at a filling station in {area} and drove off without paying; traced through the car's registration, he paid in full.",
                 victim="the filling station manager"),
)

PNDS: tuple[OocdScenario, ...] = (
    OocdScenario("Theft from a shop", "PND – bottles of wine hidden in a coat",
                 "Offender seen by staff putting two bottles of wine worth £{value} into her coat at a supermarket in {area}; detained at the exit and the wine recovered.",
                 victim="the store manager", retail=True),
    OocdScenario("Theft from a shop", "PND – cosmetics taken from a chemist's",
                 "Offender took cosmetics worth £{value} from a chemist's on {street}, {area}; stopped outside by a security guard.",
                 victim="the store manager", retail=True, ages=(18, 40)),
    OocdScenario("Theft from a shop", "PND – trainers taken after removing the security tag",
                 "Offender took a pair of trainers worth £{value} from a sports shop in {area}, having removed the security tag in the changing room.",
                 victim="the store manager", retail=True, ages=(18, 30)),
    OocdScenario("Public fear, alarm or distress", "PND – shouting and swearing at passers-by outside a takeaway",
                 "Offender shouted and swore at passers-by outside a takeaway in {area} town centre late at night and carried on after a warning from officers.",
                 ages=(18, 45)),
    OocdScenario("Criminal damage – other", "PND – initials scratched into a bus window",
                 "Offender scratched his initials into the window of a bus travelling through {area}; seen by the driver on the bus camera; damage about £60.",
                 victim="the bus operator's depot manager", ages=(18, 30)),
    OocdScenario("Possession of cannabis", "PND – small bag of cannabis found on search",
                 "Offender found with a small bag of cannabis (about 2 g) during a stop and search on {street}, {area}.",
                 ages=(19, 40)),
)

CANNABIS_WARNINGS: tuple[OocdScenario, ...] = (
    OocdScenario("Possession of cannabis", "Cannabis warning – cannabis in a jacket pocket",
                 "Offender stopped on {street}, {area}, after officers smelled cannabis; a small bag of cannabis (about 1 g) found in a jacket pocket.",
                 ages=(18, 40)),
    OocdScenario("Possession of cannabis", "Cannabis warning – cannabis found in a car",
                 "Cannabis (about 3 g) found in the glovebox during a vehicle stop in {area}; the driver said it was his for personal use.",
                 ages=(18, 40)),
    OocdScenario("Possession of cannabis", "Cannabis warning – cannabis at a skate park",
                 "Offender seen rolling a cannabis cigarette at a skate park in {area}; a small amount of cannabis found on search.",
                 ages=(18, 25)),
    OocdScenario("Possession of cannabis", "Cannabis warning – cannabis found at a music event",
                 "Offender searched at the entrance of an outdoor music event near {area}; about 1.5 g of cannabis found in a tin.",
                 ages=(18, 30)),
)

COMMUNITY_RESOLUTIONS: tuple[OocdScenario, ...] = (
    OocdScenario("Theft from a shop", "Community resolution – chocolate and drinks taken from a corner shop",
                 "Offender took chocolate and drinks worth £{value} from a corner shop on {street}, {area}, and was stopped by the shopkeeper.",
                 victim="the shopkeeper", outcome="a letter of apology and payment for the goods", ages=(14, 17)),
    OocdScenario("Criminal damage – other", "Community resolution – fence panel broken with a football",
                 "Offender repeatedly kicked a football against a neighbour's fence on {street}, {area}, after being asked to stop, breaking a panel.",
                 victim="IP1", outcome="repair of the fence panel with a parent's help", ages=(12, 15)),
    OocdScenario("Common assault", "Community resolution – pupil pushed over at the school gate",
                 "Offender pushed another pupil over at the school gate after an argument; IP1 was not injured. Both pupils attend a school in {area}.",
                 victim="IP1 and his parents", outcome="a restorative meeting at school with both families", ages=(12, 14)),
    OocdScenario("Theft – other", "Community resolution – classmate's phone taken from a bag",
                 "Offender took a classmate's phone from her bag during a PE lesson; it was found in his locker and returned undamaged.",
                 victim="IP1 and her mother", outcome="a written apology and a session with the youth offending team", ages=(13, 16)),
    OocdScenario("Public fear, alarm or distress", "Community resolution – swearing at shop staff",
                 "Offender swore at and threatened shop staff in {area} after being refused alcohol without ID.",
                 victim="the shop manager", outcome="a letter of apology and a three-month ban from the shop, agreed with the manager", ages=(16, 17)),
    OocdScenario("Criminal damage – other", "Community resolution – graffiti on a council bus shelter",
                 "Offender sprayed graffiti tags on a council bus shelter on {street}, {area}; caught in the act by a neighbourhood officer.",
                 outcome="cleaning the graffiti off under council supervision", ages=(15, 19)),
)

OOCD_QUESTIONS = {
    "caution": ("history_suitable", "offender_informed", "victim_present", "victim_views", "admitted"),
    "pnd": ("history_suitable", "offender_informed", "victim_present", "victim_views", "retail_theft", "value_under_limit"),
    "cannabis_warning": ("history_suitable", "offender_informed", "adult"),
    "community_resolution": ("history_suitable", "victim_present", "victim_views", "outcome_appropriate", "admitted"),
}
OOCD_LABEL = {
    "caution": "Simple caution", "pnd": "Penalty notice for disorder",
    "cannabis_warning": "Cannabis warning", "community_resolution": "Community resolution",
}
# What the disposal record says, by question and answer; "" = nothing to say.
OOCD_TEXT = {
    ("history_suitable", "yes"): "Records show no out-of-court disposals for similar offences in the last two years.",
    ("history_suitable", "no"): "Records show an out-of-court disposal for a similar offence within the last two years; no inspector's authority for a further one is recorded.",
    ("offender_informed", "yes"): "The nature and implications of the disposal were explained, including that it may be disclosed on some criminal record checks, and the offender signed the acceptance form.",
    ("offender_informed", "no"): "The acceptance form is unsigned and there is no record that the implications of the disposal were explained.",
    ("victim_views", "yes"): "{Victim} was consulted before the disposal and was content with it.",
    ("victim_views", "no"): "There is no record that {victim} was asked for their views before the disposal.",
    ("admitted", "yes"): "The offender made a clear and reliable admission to the offence.",
    ("admitted", "no"): "Asked about the offence, the offender said they 'might have' done it by mistake; no clear admission is recorded.",
    ("outcome_appropriate", "yes"): "Agreed outcome: {outcome}.",
    ("outcome_appropriate", "no"): "The outcome is recorded only as 'words of advice'; no reparation or other action was agreed.",
}
OOCD_ISSUE = {
    "history_suitable": "Offending history made the disposal unsuitable without an inspector's authority; none recorded.",
    "offender_informed": "No record that the offender was told the nature and implications of the disposal.",
    "victim_views": "Victim's views not sought before the disposal.",
    "admitted": "No clear admission recorded; the disposal requires one.",
    "adult": "Offender aged {age}; cannabis warnings are for adults only.",
    "value_under_limit": "Goods valued at £{value}, over the £100 limit for a retail theft PND.",
    "outcome_appropriate": "Outcome was words of advice only; not meaningful for the victim.",
}


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------

class _Numbers:
    """Hands out unique random numbers, so that keys and crime numbers never clash."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[tuple[str, int]] = set()

    def take(self, kind: str, low: int, high: int) -> int:
        while True:
            number = self._rng.randint(low, high)
            if (kind, number) not in self._used:
                self._used.add((kind, number))
                return number

    def crime_number(self) -> str:
        return f"24/{self.take('crime', 1000, 99999):06d}/24"


def _reported(rng: random.Random, hours: tuple[int, int]) -> dt.datetime:
    day = dt.date(2024, 1, 3) + dt.timedelta(days=rng.randint(0, 290))
    time = dt.time(rng.randint(*hours), rng.randint(0, 59))
    return dt.datetime.combine(day, time)


def _collar(rng: random.Random, rank: str) -> str:
    return f"{rank} {rng.randint(1000, 6999)}"


def _context(rng: random.Random) -> dict[str, str]:
    area, code = rng.choice(AREAS)
    street, street2 = rng.sample(STREETS, 2)
    unit, unit2 = rng.sample(range(10, 60), 2)
    return {
        "area": area, "street": street, "street2": street2,
        "unit": f"{code}{unit}", "unit2": f"{code}{unit2}",
        "pc": _collar(rng, "PC"), "pc2": _collar(rng, "PC"), "ps": _collar(rng, "PS"),
        "dc": _collar(rng, "DC"), "ds": _collar(rng, "DS"),
    }


_DAY_TOKEN = re.compile(r"\{d\+(\d+)\}")


def _fill(text: str, context: dict, reported: dt.datetime) -> str:
    """Fill {name} placeholders and {d+N} (report date plus N days) tokens."""
    def day(match: re.Match) -> str:
        return (reported + dt.timedelta(days=int(match.group(1)))).strftime("%d/%m/%Y")
    return _DAY_TOKEN.sub(day, text).format_map(context)


def _stamp(when: dt.datetime, reported: dt.datetime) -> str:
    return when.strftime("%H:%M" if when.date() == reported.date() else "%d/%m %H:%M")


def _record(form: str, numbers: _Numbers, reported: dt.datetime, context: dict) -> dict:
    prefix = KEY_PREFIX[form]
    return {
        "key": f"{prefix}-2024-{numbers.take(prefix, 1000, 999999):06d}",
        "form": form, "reference": "", "reported": reported, "recorded": None,
        "area": context["area"], "category": "", "summary": "", "narrative": "",
        "officer": "", "disposal_date": None, "offender_age": None,
    }


def _item(question: str, answer: str, instance: int | str = "", note: str = "") -> tuple:
    return (question, instance, answer, note)


# --------------------------------------------------------------------------
# Incidents and referrals
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Outcome:
    """What the force did with one crime that should have been recorded."""

    crime: Crime
    disclosed: dt.datetime
    recorded_at: dt.datetime | None
    crime_number: str
    classified_ok: bool

    @property
    def timely(self) -> bool:
        return self.recorded_at is not None and self.recorded_at - self.disclosed <= TIME_LIMIT


def _outcome(crime: Crime, reported: dt.datetime, rng: random.Random, numbers: _Numbers) -> _Outcome:
    disclosed = reported + dt.timedelta(minutes=crime.at)
    roll = rng.random()
    if roll < P_NOT_RECORDED:
        recorded_at = None
    elif roll < P_NOT_RECORDED + P_LATE:
        recorded_at = disclosed + dt.timedelta(minutes=rng.randint(27 * 60, 110 * 60))
    else:
        recorded_at = disclosed + dt.timedelta(minutes=rng.randint(25, 9 * 60))
    classified_ok = not crime.misclass or rng.random() >= P_MISCLASSIFIED
    number = numbers.crime_number() if recorded_at else ""
    return _Outcome(crime, disclosed, recorded_at, number, classified_ok)


def _recording_entry(outcome: _Outcome) -> str:
    crime = outcome.crime
    classification = crime.classification if outcome.classified_ok else crime.misclass
    who = "Crime management unit: crime" if not outcome.timely else "Crime"
    return f"{who} {outcome.crime_number} recorded: {classification}."


def _log_narrative(scenario: LogScenario, outcomes: list[_Outcome], reported: dt.datetime,
                   context: dict, rng: random.Random) -> str:
    entries = [(reported + dt.timedelta(minutes=m), _fill(text, context, reported))
               for m, text in scenario.entries]
    last = max(when for when, _ in entries)
    entries.append((last + dt.timedelta(minutes=rng.randint(8, 35)), scenario.closing))
    entries += [(o.recorded_at, _recording_entry(o)) for o in outcomes if o.recorded_at]
    entries.sort(key=lambda entry: entry[0])
    return "\n".join(f"{_stamp(when, reported)} {text}" for when, text in entries)


def _crime_items(outcome: _Outcome, instance: int) -> list[tuple]:
    crime = outcome.crime
    items = [_item("offence_group", crime.group, instance)]
    if outcome.recorded_at is None:
        items += [_item("recorded", "no", instance), _item("not_recorded_reason", crime.missed, instance)]
    else:
        hours = (outcome.recorded_at - outcome.disclosed) / dt.timedelta(hours=1)
        late_note = "" if outcome.timely else f"{hours:.0f} hours after disclosure."
        items += [
            _item("recorded", "yes", instance),
            _item("crime_ref", outcome.crime_number, instance),
            _item("timely", "yes" if outcome.timely else "no", instance, late_note),
            _item("classified_ok", "yes" if outcome.classified_ok else "no", instance),
        ]
        if not outcome.classified_ok:
            items.append(_item("recorded_as", crime.misclass, instance))
    if crime.flags:
        items.append(_item("flags", " ".join(crime.flags), instance))
    return items


def _crime_issues(outcome: _Outcome) -> list[str]:
    crime = outcome.crime
    seen = outcome.disclosed.strftime("%H:%M on %d/%m/%Y")
    if outcome.recorded_at is None:
        extra = {
            "incident_only": " Closed as a non-crime incident.",
            "wrong_victim_count": " One crime recorded where there were two victims.",
        }.get(crime.missed, "")
        return [f"{crime.label} disclosed at {seen}; no crime recorded.{extra}"]
    issues = []
    if not outcome.timely:
        hours = (outcome.recorded_at - outcome.disclosed) / dt.timedelta(hours=1)
        issues.append(f"{crime.label} disclosed at {seen}; not recorded until "
                      f"{outcome.recorded_at:%d/%m at %H:%M} ({hours:.0f} hours).")
    if not outcome.classified_ok:
        subject = "Recorded" if issues else f"{crime.label} recorded"
        issues.append(f"{subject} as {crime.misclass}; should be {crime.classification}.")
    return issues


def _log_audit(scenario: LogScenario, outcomes: list[_Outcome]) -> dict:
    if not scenario.auditable:
        return {"items": [_item("auditable", "no", note="Referral text not retained.")], "issues": []}
    items = [_item("auditable", "yes")]
    if scenario.agency:
        items.append(_item("referring_agency", scenario.agency))
    discloses = "yes" if outcomes else scenario.discloses
    items.append(_item("discloses_crime", discloses, note=scenario.discloses_note))
    for instance, outcome in enumerate(outcomes, start=1):
        items += _crime_items(outcome, instance)
    return {"items": items, "issues": [i for o in outcomes for i in _crime_issues(o)]}


def _log_reference(form: str, scenario: LogScenario, reported: dt.datetime, numbers: _Numbers) -> str:
    if form == "incident":
        return f"LG-{reported:%Y%m%d}-{numbers.take('log', 1, 1400):04d}"
    prefix = {"childrens_social_care": "MASH", "health": "HSR", "education": "EDU",
              "other_force": "XF", "other": "EXT"}[scenario.agency]
    return f"{prefix}-24-{numbers.take('referral', 100, 99999):05d}"


def _log_record(form: str, scenario: LogScenario, rng: random.Random, numbers: _Numbers) -> dict:
    reported = _reported(rng, scenario.hours)
    context = _context(rng)
    outcomes = [_outcome(c, reported, rng, numbers) for c in scenario.crimes] if scenario.auditable else []
    record = _record(form, numbers, reported, context)
    recorded = [o.recorded_at for o in outcomes if o.recorded_at]
    record.update(
        reference=_log_reference(form, scenario, reported, numbers),
        recorded=min(recorded) if recorded else None,
        category=scenario.category, summary=scenario.summary,
        narrative=_log_narrative(scenario, outcomes, reported, context, rng),
        officer=context["pc"] if form == "incident" else context["dc"],
        _audit=_log_audit(scenario, outcomes),
    )
    return record


# --------------------------------------------------------------------------
# Cancelled crimes and N100
# --------------------------------------------------------------------------

def _cancel_audit(scenario: CancelScenario) -> dict:
    if not scenario.auditable:
        return {"items": [_item("auditable", "no", note="Record restricted; no audit access.")], "issues": []}
    items = [
        _item("auditable", "yes"), _item("category", scenario.category),
        _item("cancellation_code", scenario.code),
        _item("decision_correct", "yes" if scenario.correct else "no"),
    ]
    if not scenario.correct:
        items.append(_item("should_have_been", scenario.should_have_been))
    items.append(_item("authorised_correctly", scenario.authorised, note=scenario.authorised_note))
    items.append(_item("victim_to_inform", "yes" if scenario.victim_to_inform else "no"))
    if scenario.victim_to_inform:
        items.append(_item("victim_informed", "yes" if scenario.victim_informed else "no"))
    return {"items": items, "issues": [scenario.rationale] if scenario.rationale else []}


def _cancel_record(form: str, scenario: CancelScenario, rng: random.Random, numbers: _Numbers) -> dict:
    reported = _reported(rng, (8, 22))
    context = _context(rng)
    record = _record(form, numbers, reported, context)
    label = f"{scenario.classification} (cancelled {scenario.code})"
    record.update(
        reference=numbers.crime_number(),
        recorded=reported + dt.timedelta(minutes=rng.randint(30, 300)),
        category=label if scenario.auditable else "Restricted record",
        summary=scenario.summary, narrative=_fill(scenario.text, context, reported),
        officer=context["ds"], _audit=_cancel_audit(scenario),
    )
    return record


def _n100_audit(scenario: N100Scenario) -> dict:
    items = [_item("auditable", "yes"), _item("n100_correct", "yes" if scenario.correct else "no")]
    if not scenario.correct:
        items.append(_item("rape_recorded", "yes" if scenario.rape_recorded else "no"))
        if scenario.rape_recorded:
            timely = scenario.recorded_after_hours <= TIME_LIMIT / dt.timedelta(hours=1)
            items.append(_item("timely", "yes" if timely else "no"))
    return {"items": items, "issues": [scenario.rationale] if scenario.rationale else []}


def _n100_record(form: str, scenario: N100Scenario, rng: random.Random, numbers: _Numbers) -> dict:
    reported = _reported(rng, (8, 20))
    context = _context(rng)
    record = _record(form, numbers, reported, context)
    recorded = None
    if scenario.rape_recorded:
        recorded = reported + dt.timedelta(hours=scenario.recorded_after_hours)
    record.update(
        reference=numbers.crime_number(), recorded=recorded, category=scenario.category,
        summary=scenario.summary, narrative=_fill(scenario.text, context, reported),
        officer=context["dc"], _audit=_n100_audit(scenario),
    )
    return record


# --------------------------------------------------------------------------
# Out-of-court disposals
# --------------------------------------------------------------------------

def _oocd_answers(form: str, scenario: OocdScenario, rng: random.Random) -> dict[str, str]:
    """Decide each applicable question's answer: mostly compliant, sometimes not."""
    answers: dict[str, str] = {}
    for question in OOCD_QUESTIONS[form]:
        if question == "victim_present":
            answers[question] = "yes" if scenario.victim else "no"
        elif question == "retail_theft":
            answers[question] = "yes" if scenario.retail else "no"
        elif question == "victim_views" and not scenario.victim:
            continue
        elif question == "value_under_limit" and not scenario.retail:
            continue
        else:
            answers[question] = "no" if rng.random() < P_OOCD_BREACH else "yes"
    return answers


def _oocd_facts(scenario: OocdScenario, answers: dict[str, str], rng: random.Random) -> dict:
    """Age and goods value consistent with the answers."""
    age = rng.randint(16, 17) if answers.get("adult") == "no" else rng.randint(*scenario.ages)
    over_limit = answers.get("value_under_limit") == "no"
    value = rng.randint(115, 260) if over_limit else rng.randint(12, 95)
    victim = scenario.victim
    return {"age": age, "value": value, "victim": victim,
            "Victim": victim[:1].upper() + victim[1:], "outcome": scenario.outcome}


def _oocd_narrative(form: str, scenario: OocdScenario, answers: dict, facts: dict,
                    disposal: dt.date, context: dict, reported: dt.datetime) -> str:
    parts = [scenario.text, f"Offender aged {facts['age']}."]
    parts += [OOCD_TEXT[(q, a)] for q, a in answers.items() if (q, a) in OOCD_TEXT]
    parts.append(f"{OOCD_LABEL[form]} authorised by {context['ps']} and given on {disposal:%d/%m/%Y}.")
    return _fill(" ".join(parts), {**context, **facts}, reported)


def _oocd_audit(answers: dict[str, str], facts: dict) -> dict:
    items = [_item("auditable", "yes")] + [_item(q, a) for q, a in answers.items()]
    issues = [OOCD_ISSUE[q].format(**facts) for q, a in answers.items() if a == "no" and q in OOCD_ISSUE]
    return {"items": items, "issues": issues}


def _oocd_record(form: str, scenario: OocdScenario, rng: random.Random, numbers: _Numbers) -> dict:
    reported = _reported(rng, (9, 22))
    context = _context(rng)
    answers = _oocd_answers(form, scenario, rng)
    facts = _oocd_facts(scenario, answers, rng)
    disposal = (reported + dt.timedelta(days=rng.randint(1, 45))).date()
    record = _record(form, numbers, reported, context)
    record.update(
        reference=numbers.crime_number(),
        recorded=reported + dt.timedelta(minutes=rng.randint(15, 240)),
        category=scenario.category, summary=scenario.summary,
        narrative=_oocd_narrative(form, scenario, answers, facts, disposal, context, reported),
        officer=context["pc"], disposal_date=disposal, offender_age=facts["age"],
        _audit=_oocd_audit(answers, facts),
    )
    return record


# --------------------------------------------------------------------------
# The public generator
# --------------------------------------------------------------------------

def build_records(rng: random.Random) -> list[dict]:
    """Return the sample's records, grouped by form and in report order within each.

    Each record holds the sample columns plus ``_audit``: the ordered answers a
    careful auditor would give (``items``) and the rationale sentences (``issues``).
    """
    numbers = _Numbers(rng)
    plan = [
        ("incident", INCIDENTS, _log_record), ("referral", REFERRALS, _log_record),
        ("cancelled_crime", CANCELLED, _cancel_record), ("n100", N100S, _n100_record),
        ("caution", CAUTIONS, _oocd_record), ("pnd", PNDS, _oocd_record),
        ("cannabis_warning", CANNABIS_WARNINGS, _oocd_record),
        ("community_resolution", COMMUNITY_RESOLUTIONS, _oocd_record),
    ]
    records = [builder(form, scenario, rng, numbers)
               for form, scenarios, builder in plan for scenario in scenarios]
    records.sort(key=lambda r: (FORMS.index(r["form"]), r["reported"]))
    return records


def _choose_answered(records: list[dict], rng: random.Random) -> set[str]:
    """About two thirds of each form's records, always including the unauditable ones."""
    chosen: set[str] = set()
    for form in FORMS:
        keys = [r["key"] for r in records if r["form"] == form]
        must = [r["key"] for r in records if r["form"] == form and _is_unauditable(r)]
        wanted = round(len(keys) * ANSWERED_SHARE)
        others = [k for k in keys if k not in must]
        chosen.update(must + rng.sample(others, max(0, wanted - len(must))))
    return chosen


def _is_unauditable(record: dict) -> bool:
    return record["_audit"]["items"][0][2] == "no"


def _partial_cut(items: list[tuple], rng: random.Random) -> int:
    """A cut-off that drops at least one required question (so the record is in progress)."""
    required = [i for i, item in enumerate(items) if item[0] not in OPTIONAL_QUESTIONS]
    return rng.randint(2, required[-1])


def build_answers(records: list[dict], rng: random.Random) -> list[dict]:
    """Return answer rows for about two thirds of the records; a few are left part-done."""
    chosen = _choose_answered(records, rng)
    eligible = sorted(
        r["key"] for r in records
        if r["key"] in chosen and not _is_unauditable(r) and not r["_audit"]["issues"]
        and len([i for i in r["_audit"]["items"] if i[0] not in OPTIONAL_QUESTIONS]) >= 3
    )
    partial = set(rng.sample(eligible, min(PARTIAL_RECORDS, len(eligible))))
    rows = []
    for record in records:
        if record["key"] not in chosen:
            continue
        items = list(record["_audit"]["items"])
        if record["key"] in partial:
            items = items[:_partial_cut(items, rng)]
        if record["_audit"]["issues"]:
            items.append(_item("rationale", " ".join(record["_audit"]["issues"])))
        rows += [dict(zip(ANSWER_COLUMNS, (record["key"], *item))) for item in items]
    return rows


# --------------------------------------------------------------------------
# Writing the files
# --------------------------------------------------------------------------

class _FixedTimeZipFile(zipfile.ZipFile):
    """A zip archive whose entries carry a fixed timestamp, for reproducible bytes."""

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        return super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        # openpyxl writes worksheets to a temporary file first; store them the same way.
        return self.writestr(arcname or Path(filename).name, Path(filename).read_bytes())


def _format_sheet(sheet) -> None:
    from openpyxl.styles import Font

    widths = {"key": 18, "form": 22, "reference": 18, "reported": 17, "recorded": 17,
              "area": 20, "category": 40, "summary": 60, "narrative": 80, "officer": 10,
              "disposal_date": 13, "offender_age": 12}
    for index, name in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = widths[name]
        sheet.cell(row=1, column=index).font = Font(bold=True)
        fmt = {"reported": "yyyy-mm-dd hh:mm", "recorded": "yyyy-mm-dd hh:mm",
               "disposal_date": "yyyy-mm-dd"}.get(name)
        for row in range(2, sheet.max_row + 1):
            if fmt:
                sheet.cell(row=row, column=index).number_format = fmt
    sheet.freeze_panes = "A2"


def write_workbook(records: list[dict], path: Path) -> None:
    """Write the sample workbook (sheet ``Sample``) with fixed metadata timestamps."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sample"
    sheet.append(COLUMNS)
    for record in records:
        sheet.append([record[name] for name in COLUMNS])
    _format_sheet(sheet)
    workbook.properties.creator = "CDI workbench demo generator"
    workbook.properties.title = "Synthetic demo sample (invented data)"
    workbook.properties.created = FIXED_TIMESTAMP
    workbook.properties.modified = FIXED_TIMESTAMP
    # save_workbook() would stamp "modified" with the current time; the writer does not.
    archive = _FixedTimeZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(workbook, archive).save()
    finally:
        archive.close()


def write_answers(rows: list[dict], path: Path) -> None:
    """Write answer rows as UTF-8 CSV with a header row."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ANSWER_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def generate(folder: Path, seed: int = SEED) -> tuple[list[dict], list[dict]]:
    """Build the demo audit from ``seed`` and write both files into ``folder``."""
    rng = random.Random(seed)
    records = build_records(rng)
    rows = build_answers(records, rng)
    write_workbook(records, Path(folder) / SAMPLE_PATH.name)
    write_answers(rows, Path(folder) / ANSWERS_PATH.name)
    return records, rows


def main() -> None:
    records, rows = generate(HERE)
    answered = len({row["record"] for row in rows})
    print(f"{len(records)} records, {answered} with answers, {len(rows)} answer rows")
    for form in FORMS:
        print(f"  {form}: {sum(r['form'] == form for r in records)}")


if __name__ == "__main__":
    main()
