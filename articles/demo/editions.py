"""The demo newsroom's French editions (issue 23): a translation of the
flood-barrier story, scheduled three hours after its English source, and an
adaptation of the harvest story for Quebec readers, already published.
Keyed by their demo source id like the rest of the demo: a second run
updates them in place and keeps their times and the source revision they
were made from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from articles.models import Article, Contributor, EditionGroup
from articles.text.sanitize import sanitize_html


@dataclass(frozen=True)
class DemoEdition:
    source_slug: str  # the English story's demo slug
    language: str
    relation: str
    slug: str
    headline: str
    standfirst: str
    body: str
    status: str
    hours_after_source: float  # its time, counted from its source's


EDITIONS = (
    DemoEdition(
        source_slug="coastal-cities-trial-floating-flood-barriers",
        language="fr",
        relation=Article.Relation.TRANSLATION,
        slug="des-villes-cotieres-testent-des-barrages-flottants",
        headline="Des villes côtières testent des barrages flottants avant la "
        "saison des tempêtes",
        standfirst="Des boudins gonflables qui montent avec la marée sont mis à "
        "l’essai dans trois ports, une solution d’attente moins coûteuse que des "
        "digues qui demandent dix ans de travaux.",
        body="""
<p>Les ingénieurs de la ville portuaire de Port Ellery ont passé la fin de semaine
à ancrer une chaîne de flotteurs orange de 1,2 kilomètre à l’entrée de leur port
intérieur : c’est le plus grand des trois essais d’un barrage qui se gonfle à
mesure que monte une onde de tempête.</p>
<p>La majeure partie de l’année, les boudins reposent à plat sur le fond. Lorsque
les capteurs du brise-lames extérieur relèvent une eau qui monte plus vite que ne
le prévoient les tables des marées, des compresseurs installés sur le quai les
remplissent d’air, et ils se dressent en un mur d’environ deux mètres de haut.</p>
<p>« Nous ne prétendons pas que cela remplace une digue, a déclaré Ines Marlowe,
ingénieure en chef de la résilience de la ville. Cela nous donne dix ou quinze ans
pour rehausser correctement le front de mer, pour une fraction du coût. »</p>
<h2>Les leçons du premier essai</h2>
<p>Un premier essai de gonflage, en août, a pris 40 minutes, deux fois plus que
prévu, parce que l’eau salée avait encrassé deux des vannes. Le fournisseur a
depuis posé des filtres, et la ville prévoit un second essai complet avant la fin
du mois.</p>
<p>Deux ports plus petits, plus loin sur la côte, utilisent le même système et ont
accepté de mettre en commun les données de leurs capteurs, afin que les trois
villes puissent comparer le comportement des boudins dans des courants
différents.</p>
""",
        status=Article.Status.SCHEDULED,
        hours_after_source=3,
    ),
    DemoEdition(
        source_slug="wet-september-leaves-prairie-farmers-racing-late-harvest",
        language="fr",
        relation=Article.Relation.ADAPTATION,
        slug="recoltes-en-retard-dans-les-prairies-apres-un-septembre-pluvieux",
        headline="Récoltes en retard dans les Prairies après un septembre pluvieux",
        standfirst="En Saskatchewan, les moissonneuses-batteuses attendent que les "
        "champs sèchent ; au Québec, les producteurs de grains surveillent aussi "
        "le ciel.",
        body="""
<p>Près de trois semaines de pluie ont laissé le blé et le canola sur pied dans
le centre de la Saskatchewan, où les champs sont d’ordinaire déjà dégagés à
cette période de l’année.</p>
<p>Selon le rapport provincial sur les cultures publié jeudi, la récolte n’était
terminée qu’à 41 %, alors que la moyenne des cinq dernières années est de 68 %
pour la même semaine.</p>
<p>« On voit la récolte, on peut la toucher, mais on ne peut pas l’atteindre »,
résume Dale Ferris, qui cultive environ 1 400 hectares près de Wynmore.</p>
<h2>Et au Québec ?</h2>
<p>Les grains récoltés humides doivent être séchés avant l’entreposage, ce qui
fait grimper la facture de propane. Les producteurs québécois, qui ont connu un
automne semblable il y a deux ans, savent ce que coûtent des séchoirs qui
tournent jour et nuit.</p>
<p>Les prévisionnistes annoncent une période plus sèche la semaine prochaine,
mais aussi des nuits proches du point de congélation.</p>
""",
        status=Article.Status.PUBLISHED,
        hours_after_source=1,
    ),
)


def load_editions(sources: dict[str, Article], people: dict[str, Contributor]) -> int:
    """Create or update the editions of `sources` (the English stories by
    demo slug); how many there are."""
    from articles.demo.loader import _one_block_per_line, _sync_credits, _update

    for spec in EDITIONS:
        source = sources[spec.source_slug]
        if source.edition_group_id is None:
            group = EditionGroup.objects.create()
            # Not a save: the source's text and revision stay as they are.
            Article.objects.filter(pk=source.pk).update(edition_group=group)
            source.edition_group = group
        source_id = f"demo:{spec.slug}"
        edition = Article.objects.filter(source_id=source_id).first()
        at = source.published_at + timedelta(hours=spec.hours_after_source)
        values = {
            "headline": spec.headline,
            "standfirst": spec.standfirst,
            "body": sanitize_html(_one_block_per_line(spec.body)),
            "section_id": source.section_id,
            "lead_image_id": source.lead_image_id,
            "status": spec.status,
            # Kept from the first run, as the English stories' times are.
            "published_at": edition.published_at if edition else at,
            "edition_relation": spec.relation,
        }
        if edition is None:
            edition = Article(
                source_id=source_id,
                slug=spec.slug,
                language=spec.language,
                edition_group_id=source.edition_group_id,
                edition_source=source,
                source_revision=source.revision,
                **values,
            )
            edition.save()
        else:
            _update(edition, partial=False, **values)
        edition.tags.set(source.tags.all())
        _sync_credits(
            edition,
            tuple(
                (c.contributor.name, c.role)
                for c in source.credits.select_related("contributor")
            ),
            people,
        )
    return len(EDITIONS)
