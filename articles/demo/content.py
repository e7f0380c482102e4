"""The demo newsroom: sections, tags, people and ten stories. All of it is
invented for the demo (people, towns and organisations other than the news
agencies are fictional), written to look like ordinary news copy."""

from __future__ import annotations

from dataclasses import dataclass

from articles.models import Article, Contributor

PERSON = Contributor.Kind.PERSON
ORGANISATION = Contributor.Kind.ORGANISATION
AGENCY = Contributor.Kind.AGENCY


@dataclass(frozen=True)
class DemoContributor:
    name: str
    kind: str
    bio: str = ""


@dataclass(frozen=True)
class DemoImage:
    scene: str  # a key of articles.demo.pictures.SCENES
    caption: str
    alt_text: str
    copyright_notice: str
    credits: tuple[tuple[str, str], ...]  # (contributor name, role), in order

    @property
    def filename(self) -> str:
        # Also how a second run finds the image again (see loader._image).
        return f"demo-{self.scene}.jpg"


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    headline: str
    standfirst: str
    body: str
    section: str  # slug
    tags: tuple[str, ...]  # slugs
    credits: tuple[tuple[str, str], ...]
    image: DemoImage
    status: str = Article.Status.PUBLISHED
    hours_ago: int | None = None  # when it was published; None for drafts

    @property
    def source_id(self) -> str:
        return f"demo:{self.slug}"


# (name, slug, parent slug)
SECTIONS = (
    ("World", "world", None),
    ("Canada", "canada", None),
    ("Politics", "politics", "canada"),
    ("Business", "business", None),
    ("Technology", "technology", None),
)

# (name, slug)
TAGS = (
    ("Climate", "climate"),
    ("Cities", "cities"),
    ("Agriculture", "agriculture"),
    ("Transport", "transport"),
    ("Economy", "economy"),
    ("Internet", "internet"),
    ("Health", "health"),
    ("Winter", "winter"),
)

CONTRIBUTORS = (
    DemoContributor("Amira Haddad", PERSON, "Covers cities and climate adaptation."),
    DemoContributor("Claire Tremblay", PERSON, "Parliamentary reporter."),
    DemoContributor("Daniel Okafor", PERSON, "Business reporter covering retail."),
    DemoContributor("Mei Lin Chow", PERSON, "Technology reporter."),
    DemoContributor("Priya Raman", PERSON, "Staff photographer."),
    DemoContributor("Tomás Vidal", PERSON, "Freelance photographer."),
    DemoContributor("Jonah Becker", PERSON, "Freelance photographer."),
    DemoContributor("Ministry of Transport", ORGANISATION),
    DemoContributor("Northern Lakes Health Authority", ORGANISATION),
    DemoContributor("Harbourview Port Authority", ORGANISATION),
    DemoContributor("The Associated Press", AGENCY),
    DemoContributor("Reuters", AGENCY),
    DemoContributor("The Canadian Press", AGENCY),
)

# Photo credit roles, as the credit line reads them: a photographer with the
# agency as provider gives "Priya Raman/CP"; an agency as distributor gives
# "... via AP".
ARTICLES = (
    DemoArticle(
        slug="coastal-cities-trial-floating-flood-barriers",
        headline="Coastal cities trial floating flood barriers before storm season",
        standfirst="Inflatable booms that rise with the tide are being tested in "
        "three harbours, a cheaper stopgap than sea walls that take a decade to build.",
        body="""
<p>Engineers in the port city of Port Ellery spent the weekend anchoring a
1.2-kilometre chain of orange floats across the mouth of its inner harbour, the
largest of three trials of a barrier that inflates as a storm surge builds.</p>
<p>The booms lie flat on the seabed most of the year. When sensors on the outer
breakwater record water rising faster than the tide tables predict, compressors on
the quay fill them with air and they rise to form a wall about two metres high.</p>
<p>“We are not pretending this replaces a sea wall,” said Ines Marlowe, the city’s
chief resilience engineer. “It buys us ten or fifteen years while we raise the
waterfront properly, at a fraction of the cost.”</p>
<h2>Lessons from the first test</h2>
<p>A first inflation test in August took 40 minutes, twice as long as planned,
after salt water fouled two of the valves. The supplier has since fitted filters,
and the city plans a second full test before the end of the month.</p>
<p>Two smaller harbours further along the coast are running the same system and
have agreed to share their sensor data, so that the three cities can compare how the
booms behave in different currents.</p>
""",
        section="world",
        tags=("climate", "cities"),
        credits=(("Amira Haddad", "author"), ("Reuters", "contributor")),
        image=DemoImage(
            scene="harbour",
            caption="Floating flood barriers stretch across the inner harbour of "
            "Port Ellery during a test inflation.",
            alt_text="A line of orange floats across a grey harbour, with the "
            "city skyline behind",
            copyright_notice="© Reuters",
            credits=(("Tomás Vidal", "creator"), ("Reuters", "provider")),
        ),
        hours_ago=2,
    ),
    DemoArticle(
        slug="wet-september-leaves-prairie-farmers-racing-late-harvest",
        headline="Wet September leaves Prairie farmers racing a late harvest",
        standfirst="Fields too soft for combines have pushed harvest weeks behind "
        "schedule, and growers worry about frost before the crop is in.",
        body="""
<p>Almost three weeks of rain have left wheat and canola standing in fields across
central Saskatchewan that would normally be bare by now, as combines sit in yards
waiting for the ground to firm up.</p>
<p>The provincial crop report released on Thursday put the harvest at 41 per cent
complete, against a five-year average of 68 per cent for the same week.</p>
<p>“You can see the crop, you can touch it, and you can’t get to it,” said Dale
Ferris, who farms about 1,400 hectares near the town of Wynmore. “Every day it
stands out there the grade drops a little.”</p>
<p>Grain that is harvested wet has to be dried before it can be stored, adding fuel
costs at a time when margins are already thin. Some growers have started running
their dryers around the clock.</p>
<p>Forecasters expect a drier stretch next week, but overnight temperatures are
also expected to fall close to freezing.</p>
""",
        section="canada",
        tags=("agriculture", "climate"),
        credits=(("Claire Tremblay", "author"), ("The Canadian Press", "contributor")),
        image=DemoImage(
            scene="prairie",
            caption="Rain falls on an unharvested wheat field near Wynmore, Sask.",
            alt_text="Rain over a golden wheat field with a red grain elevator "
            "on the horizon",
            copyright_notice="© The Canadian Press",
            credits=(("Priya Raman", "creator"), ("The Canadian Press", "provider")),
        ),
        hours_ago=5,
    ),
    DemoArticle(
        slug="rail-safety-hearings-stretch-into-second-week",
        headline="Rail safety hearings stretch into a second week as committee "
        "asks for braking data",
        standfirst="MPs want the raw test results behind a proposed rule on train "
        "length before they vote on it.",
        body="""
<p>A House of Commons committee studying new limits on the length of freight trains
extended its hearings into a second week on Tuesday, after members from three parties
asked to see the braking tests the proposal relies on.</p>
<p>The draft rule would cap trains carrying dangerous goods at 2.5 kilometres on
routes with steep grades, unless the railway fits electronically controlled brakes
to every car.</p>
<p>Officials told the committee the tests showed shorter stopping distances for
trains with the newer brakes, but said the detailed results were shared by the
railways on condition they not be published.</p>
<p>“We are being asked to write a safety rule from a summary,” said committee member
Roberta Quinlan. “I would like to read the numbers.”</p>
<p>The committee agreed to ask the railways to release the data to members in
confidence. Its report is now expected next month.</p>
""",
        section="politics",
        tags=("transport",),
        credits=(("Claire Tremblay", "author"),),
        image=DemoImage(
            scene="rail",
            caption="A signal guards a stretch of main line used in the braking "
            "trials, in a photo released by the ministry.",
            alt_text="Railway tracks running to the horizon beside a red signal",
            copyright_notice="Handout, Ministry of Transport",
            credits=(
                ("Ministry of Transport", "provider"),
                ("The Associated Press", "distributor"),
            ),
        ),
        hours_ago=9,
    ),
    DemoArticle(
        slug="regional-grocer-profit-rises-as-shoppers-switch-to-store-brands",
        headline="Regional grocer’s profit rises as shoppers switch to store brands",
        standfirst="Sales of its own-label products grew three times as fast as "
        "national brands in the quarter.",
        body="""
<p>Fairfield Markets, which runs 212 grocery stores across four provinces, reported
a 9 per cent rise in quarterly profit on Wednesday, helped by customers trading
down to its cheaper own-label products.</p>
<p>Store-brand sales rose 14 per cent from a year earlier, the company said, while
sales of national brands rose less than 5 per cent.</p>
<p>“Customers are still filling the basket, they are just filling it
differently,” chief executive Nadia Sorensen told analysts on a conference call.</p>
<p>Own-label goods usually carry a higher margin for the grocer than branded
products, which cushioned the company from higher wages and delivery costs.</p>
<p>The company kept its forecast for the year and said it would open eleven stores,
most of them smaller urban formats.</p>
""",
        section="business",
        tags=("economy",),
        credits=(("Daniel Okafor", "author"),),
        image=DemoImage(
            scene="shelves",
            caption="Own-label products fill the shelves of a Fairfield Markets store.",
            alt_text="Supermarket shelves stacked with brightly coloured packages",
            copyright_notice="© Jonah Becker",
            credits=(
                ("Jonah Becker", "creator"),
                ("The Associated Press", "distributor"),
            ),
        ),
        hours_ago=14,
    ),
    DemoArticle(
        slug="libraries-lend-laptops-and-hotspots-to-close-rural-gap",
        headline="Libraries lend laptops and hotspots to close the rural internet gap",
        standfirst="A county library network now lends connectivity the way it "
        "lends books, with a waiting list to match.",
        body="""
<p>The Marrow County library system has begun lending laptops paired with mobile
hotspots for three weeks at a time, aimed at households beyond the reach of wired
broadband.</p>
<p>The 150 kits went out within two days of the launch, and the waiting list passed
400 names by the end of the first week, the library said.</p>
<p>“People borrow them for job applications, for online courses, to see a doctor
by video,” said branch manager Olu Adeyemi. “Some just want to video-call their
grandchildren without driving into town.”</p>
<p>Each kit is wiped and reset when it comes back. The hotspots use two mobile
networks, so that they still work in the valleys where one of them has no
signal.</p>
<p>The program is funded for two years by a provincial grant. The library is
asking local businesses to sponsor more kits.</p>
""",
        section="technology",
        tags=("internet",),
        credits=(("Mei Lin Chow", "author"),),
        image=DemoImage(
            scene="network",
            caption="The coverage map of the two mobile networks the hotspots use, "
            "on a screen at the Marrow County main library.",
            alt_text="Glowing points joined by lines above dark hills",
            copyright_notice="© The Canadian Press",
            credits=(("Priya Raman", "creator"), ("The Canadian Press", "provider")),
        ),
        hours_ago=20,
    ),
    DemoArticle(
        slug="night-trains-return-with-new-sleeper-routes",
        headline="Night trains return with new sleeper routes linking three capitals",
        standfirst="Operators are betting travellers will trade a short flight for "
        "a bed, a sink and an arrival downtown.",
        body="""
<p>A new overnight service will link three European capitals from December, the
latest in a string of sleeper routes revived after being cut in the past two
decades.</p>
<p>The trains leave at about 8 p.m. and arrive shortly after 7 a.m., with compartments
for one, two or four travellers and a couchette car for those on a budget.</p>
<p>Operators say demand has come from business travellers as well as holidaymakers,
drawn by arriving in a city centre rather than at an airport an hour away.</p>
<p>The economics remain difficult. Sleeper cars carry far fewer passengers than
day coaches, and track-access charges are levied per kilometre whatever the
hour.</p>
<p>Two of the governments involved have agreed to cover part of those charges for
the first three years.</p>
""",
        section="world",
        tags=("transport", "cities"),
        credits=(("Amira Haddad", "author"), ("The Associated Press", "contributor")),
        image=DemoImage(
            scene="skyline",
            caption="A sleeper train leaves the city at dusk on a trial run.",
            alt_text="A train with lit windows passing a city skyline at dusk",
            copyright_notice="© Jonah Becker",
            credits=(
                ("Jonah Becker", "creator"),
                ("The Associated Press", "distributor"),
            ),
        ),
        hours_ago=27,
    ),
    DemoArticle(
        slug="battery-swap-kiosks-for-e-bikes-spread-downtown",
        headline="Battery-swap kiosks for e-bikes spread across downtown cores",
        standfirst="Delivery riders can trade a flat battery for a charged one in "
        "under a minute instead of waiting at a plug.",
        body="""
<p>A start-up that installs battery-swapping kiosks for electric bikes says it now
runs 85 of them in four cities, most within a few blocks of restaurant
districts.</p>
<p>Riders pay a monthly fee and can swap as often as they like. A kiosk holds
sixteen batteries and charges them slowly, which the company says makes them last
longer.</p>
<p>“For a courier, an hour at a charger is an hour without deliveries,” said
co-founder Rafael Santos. “A swap takes forty seconds.”</p>
<p>Fire officials in two of the cities have asked the company to share the kiosks’
temperature logs, after several fires in apartment buildings were blamed on
e-bike batteries charged indoors.</p>
<p>The company says keeping charging outdoors, in monitored cabinets, is part of
the pitch.</p>
""",
        section="technology",
        tags=("transport", "cities"),
        credits=(("Mei Lin Chow", "author"),),
        image=DemoImage(
            scene="kiosks",
            caption="Battery-swap kiosks on a downtown sidewalk.",
            alt_text="Three green kiosks with battery gauges beside two parked bikes",
            copyright_notice="© Reuters",
            credits=(("Tomás Vidal", "creator"), ("Reuters", "provider")),
        ),
        hours_ago=36,
    ),
    DemoArticle(
        slug="northern-community-opens-new-health-centre",
        headline="Northern community opens its new health centre after a decade "
        "of planning",
        standfirst="Residents will no longer fly south for X-rays, dialysis or "
        "routine dental care.",
        body="""
<p>Residents of Kestrel Lake gathered on Saturday for the opening of a health
centre that brings dialysis, X-ray and dental care into the community for the
first time.</p>
<p>Until now, patients needing those services flew about 600 kilometres south,
often for several days at a time and sometimes for weeks.</p>
<p>“My father did dialysis three times a week, a plane ride away, for two years,”
said elder Marion Sutherland, who cut the ribbon. “Nobody here will have to do
that now.”</p>
<p>The centre has four dialysis chairs and rooms for visiting specialists, and it
will be staffed by nurses living in new housing built alongside it.</p>
<p>The regional health authority said recruiting staff remains the biggest
challenge, and it is offering training places to residents who want to work
there.</p>
""",
        section="canada",
        tags=("health",),
        credits=(("Claire Tremblay", "author"), ("The Canadian Press", "contributor")),
        image=DemoImage(
            scene="aurora",
            caption="The northern lights over the new health centre in Kestrel Lake.",
            alt_text="Green northern lights above a small building with lit "
            "windows in the snow",
            copyright_notice="Handout, Northern Lakes Health Authority",
            credits=(
                ("Northern Lakes Health Authority", "provider"),
                ("The Canadian Press", "distributor"),
            ),
        ),
        hours_ago=50,
    ),
    DemoArticle(
        slug="port-authority-weighs-container-terminal-expansion",
        headline="Port authority weighs expanding its container terminal",
        standfirst="A longer quay and two new cranes would let the port take the "
        "largest ships now calling on the coast.",
        body="""
<p>The Harbourview Port Authority is studying a plan to extend its container
quay by 300 metres and add two ship-to-shore cranes, according to planning
documents filed this week.</p>
<p>The expansion would let the terminal berth two of the largest container ships
at once. Today, the biggest vessels must wait at anchor when another is
alongside.</p>
<p>Residents near the port have raised concerns about truck traffic at night.
The authority says it will publish a traffic study before any decision.</p>
<p><em>Draft: waiting for the authority’s comment on the cost estimate.</em></p>
""",
        section="business",
        tags=("economy", "transport"),
        credits=(("Daniel Okafor", "author"),),
        image=DemoImage(
            scene="port",
            caption="Containers stacked beneath gantry cranes at the Harbourview "
            "terminal.",
            alt_text="Stacks of coloured shipping containers under red cranes",
            copyright_notice="Handout, Harbourview Port Authority",
            credits=(
                ("Harbourview Port Authority", "provider"),
                ("Reuters", "distributor"),
            ),
        ),
        status=Article.Status.DRAFT,
    ),
    DemoArticle(
        slug="winter-carnival-draws-record-crowds-despite-cold-snap",
        headline="Winter carnival draws record crowds despite a cold snap",
        standfirst="Organisers counted more than 90,000 visits over the ten days.",
        body="""
<p>A cold snap that pushed wind chills below minus 35 did not keep visitors away
from the city’s winter carnival, which organisers say drew a record 92,000 visits
over ten days.</p>
<p>Ice sculptors worked through the coldest nights, and the snow slide ran longer
hours than planned to shorten the lines.</p>
<p>“Cold is what we sell,” said festival director Luc Bérubé. “People dressed for
it and came anyway.”</p>
<p>Warming tents and free hot drinks were added on the three coldest evenings,
and paramedics reported fewer cold-related calls than last year.</p>
""",
        section="canada",
        tags=("winter",),
        credits=(("Claire Tremblay", "author"), ("The Canadian Press", "contributor")),
        image=DemoImage(
            scene="carnival",
            caption="Ice sculptures and flags on the carnival grounds.",
            alt_text="Blue ice sculptures under a line of coloured flags in the snow",
            copyright_notice="© The Canadian Press",
            credits=(("Priya Raman", "creator"), ("The Canadian Press", "provider")),
        ),
        status=Article.Status.ARCHIVED,
        hours_ago=24 * 300,
    ),
)
