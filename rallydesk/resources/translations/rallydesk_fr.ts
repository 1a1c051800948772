<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../gui/about.py" line="+52"/>
        <source>About RallyDesk</source>
        <translation>À propos de RallyDesk</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Bitstream Vera licence</source>
        <translation>licence Bitstream Vera</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>(in the resources folder)</source>
        <translation>(dans le dossier des ressources)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Event</source>
        <translation>Épreuve</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Backups</source>
        <translation>Sauvegardes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Log</source>
        <translation>Journal technique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none open</source>
        <translation>aucune ouverte</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>automatic backups are off (Set-up tab)</source>
        <translation>sauvegardes automatiques désactivées (onglet Paramétrage)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Qt and PySide6 are used under the GNU LGPL version 3: you may replace them with your own build of the same version.</source>
        <translation>Qt et PySide6 sont utilisés sous licence GNU LGPL version 3&#xa0;: vous pouvez les remplacer par votre propre compilation de la même version.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Timing desk for cross-country rallies.</source>
        <translation>Poste de chronométrage des rallyes tout-terrain.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bundled libraries and their licences</source>
        <translation>Bibliothèques fournies et leurs licences</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Full licence texts</source>
        <translation>Textes complets des licences</translation>
    </message>
</context>
<context>
    <name>AdjustmentsModel</name>
    <message>
        <location filename="../../gui/adjustments.py" line="+66"/>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No</source>
        <translation>N°</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applies to</source>
        <translation>S&apos;applique à</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Article</source>
        <translation>Article</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decided at</source>
        <translation>Décidé le</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decided by</source>
        <translation>Décidé par</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edited</source>
        <translation>Modifiée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revoked</source>
        <translation>Révoquée</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>penalty</source>
        <translation>pénalité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bonus</source>
        <translation>bonification</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>credit</source>
        <translation>crédit de temps</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stage</source>
        <translation>étape</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>overall</source>
        <translation>général</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>%1 by %2: %3</source>
        <translation>%1 par %2 : %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Revoked %1: %2</source>
        <translation>Révoquée le %1 : %2</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
</context>
<context>
    <name>AdjustmentsWidget</name>
    <message>
        <location line="+30"/>
        <source>stage number</source>
        <translation>n° d&apos;étape</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>race number</source>
        <translation>n° de course</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>signed: +0:01:10, -40&quot;, +2&apos;</source>
        <translation>signé&#xa0;: +0:01:10, -40&quot;, +2&apos;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(by sign)</source>
        <translation>(selon le signe)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>stage time (and every overall from it)</source>
        <translation>temps de l&apos;étape (et chaque général qui en découle)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>overall only (from this stage on)</source>
        <translation>général seulement (à partir de cette étape)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>regulation article, e.g. 12.3</source>
        <translation>article du règlement, ex. 12.3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>reference of the decision, e.g. 14</source>
        <translation>référence de la décision, par ex. 14</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HH:MM, or date and time (now if empty)</source>
        <translation>HH:MM, ou date et heure (maintenant si vide)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add (Enter)</source>
        <translation>Ajouter (Entrée)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Revoke selected…</source>
        <translation>Révoquer la sélection…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit amount of selected…</source>
        <translation>Modifier le montant…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No</source>
        <translation>N°</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Crew</source>
        <translation>Équipage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applies to</source>
        <translation>S&apos;applique à</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Article</source>
        <translation>Article</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decided at</source>
        <translation>Décidé le</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>New penalty, bonus or credit</source>
        <translation>Nouvelle pénalité, bonification ou crédit de temps</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>no crew #%1</source>
        <translation>aucun équipage n°%1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>stage: %1 is not a stage number</source>
        <translation>étape&#xa0;: %1 n&apos;est pas un numéro d&apos;étape</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No: %1 is not a race number</source>
        <translation>N°&#xa0;: %1 n&apos;est pas un numéro de course</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>decided at: %1 is not a time: HH:MM or YYYY-MM-DD HH:MM expected</source>
        <translation>décidé le : %1 n&apos;est pas une heure : HH:MM ou AAAA-MM-JJ HH:MM attendu</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>adjustment %1 recorded</source>
        <translation>décision n° %1 enregistrée</translation>
    </message>
    <message>
        <location line="+20"/>
        <location line="+17"/>
        <source>select an adjustment first</source>
        <translation>sélectionnez d&apos;abord une pénalité ou bonification</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Why is adjustment %1 revoked?</source>
        <translation>Pourquoi la décision n° %1 est-elle révoquée&#xa0;?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not revoked: a reason is required</source>
        <translation>non révoquée&#xa0;: un motif est obligatoire</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>adjustment %1 revoked</source>
        <translation>décision n° %1 révoquée</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>New signed amount for adjustment %1 (e.g. +0:00:30):</source>
        <translation>Nouveau montant signé pour la décision n° %1 (ex. +0:00:30)&#xa0;:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reason for the change:</source>
        <translation>Motif de la modification&#xa0;:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>adjustment %1 changed</source>
        <translation>décision n° %1 modifiée</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Adjustment</source>
        <translation>Pénalité ou bonification</translation>
    </message>
</context>
<context>
    <name>ClassificationModel</name>
    <message>
        <location filename="../../gui/models.py" line="+210"/>
        <source>Pending: no result keyed on stage %1 yet. Shown at its place after stage %2 (%3, total %4); not counted in this overall until its result is keyed.</source>
        <extracomment>The highlight&apos;s clock (tests freeze it, so a loaded machine never fades a row early). race number -&gt; ((row, tied, pending), display texts): a row&apos;s texts depend on its neighbours too (a shared position is shown &quot;2=&quot;) and on whether it is pending positions shared by two or more rows (not counting pending rows) crews not keyed yet on the stage of a live overall: number -&gt; (previous position, total)</extracomment>
        <translation>En attente&#xa0;: aucun résultat saisi sur l’étape %1. Affiché à sa place après l’étape %2 (%3, total %4)&#xa0;; non compté dans ce général tant que son résultat n’est pas saisi.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Tied: equal totals after the tie-break share this position</source>
        <translation>Ex aequo&#xa0;: des totaux égaux après départage partagent cette place</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>up from %1 to %2 with the last result</source>
        <translation>remonte de la place %1 à la place %2 avec le dernier résultat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>down from %1 to %2 with the last result</source>
        <translation>recule de la place %1 à la place %2 avec le dernier résultat</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>pending</source>
        <translation>en attente</translation>
    </message>
</context>
<context>
    <name>ClassificationView</name>
    <message>
        <location filename="../../gui/views.py" line="+73"/>
        <source>Stage of the classification</source>
        <extracomment>columns a narrow view beside the time entry leaves out (the Crew tooltip still names them) the official closed this view (the × button) Enter or double-click on a crew: its card an action on a not-classified crew: (what, number, stage or None), see Desk.crew_action</extracomment>
        <translation>Étape du classement</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+67"/>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>Overall</source>
        <translation>Général</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The stage&apos;s own classification, or the overall after it</source>
        <translation>Le classement de l&apos;étape, ou le classement général après celle-ci</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Category, class or cup</source>
        <translation>Catégorie, classe ou coupe</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Hover a column title for its meaning; right-click to show or hide columns</source>
        <translation>Survolez un titre de colonne pour sa signification&#xa0;; clic droit pour afficher ou masquer des colonnes</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Close this classification view</source>
        <translation>Fermer cette vue de classement</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Show the crews not classified: status, stage and reason</source>
        <translation>Afficher les équipages non classés : statut, étape et motif</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No</source>
        <translation>N°</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Crew</source>
        <translation>Équipage</translation>
    </message>
    <message>
        <location line="+50"/>
        <location line="+3"/>
        <source>Cup: %1</source>
        <translation>Coupe&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>No stages or categories yet: set up the event first</source>
        <translation>Pas encore d&apos;étape ni de catégorie&#xa0;: paramétrez d&apos;abord l&apos;épreuve</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Overall after stage %1</source>
        <translation>Classement général après l&apos;étape %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stage %1 – %2</source>
        <translation>Étape %1 – %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>stage cancelled for this category</source>
        <translation>étape annulée pour cette catégorie</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 classified, %2 not classified</source>
        <translation>classés&#xa0;: %1 · non classés&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 pending on this stage</source>
        <translation>%1 en attente sur cette étape</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Change: ▲n places gained, ▼n places lost since the overall after stage %1; = same place; blank: no earlier position. 2=: a shared position.</source>
        <translation>Évolution&#xa0;: ▲n places gagnées, ▼n places perdues depuis le général après l’étape %1&#xa0;; = même place&#xa0;; vide&#xa0;: pas de place antérieure. 2=&#xa0;: une place partagée.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Grey rows marked “pending” have no result on stage %1 yet: they keep their place from the overall after stage %2, and the crews already keyed are numbered around them.</source>
        <translation>Les lignes grises «&#xa0;en attente&#xa0;» n’ont pas encore de résultat sur l’étape %1&#xa0;: elles gardent leur place du général après l’étape %2, et les équipages déjà saisis sont numérotés autour.</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Change: blank on the first stage (no earlier position).</source>
        <translation>Évol. : vide à la première étape (pas de place antérieure).</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Not classified (%1)</source>
        <translation>Non classés (%1)</translation>
    </message>
</context>
<context>
    <name>ClosePassagesDialog</name>
    <message>
        <location filename="../../gui/raid_timing.py" line="+161"/>
        <source>Close the passages of stage %1</source>
        <translation>Clore les passages de l&apos;étape %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No</source>
        <translation>N°</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Crew</source>
        <translation>Équipage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waypoint</source>
        <translation>Waypoint</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>km</source>
        <translation>km</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Penalty</source>
        <translation>Pénalité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Add these penalties</source>
        <translation>&amp;Ajouter ces pénalités</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>%1 penalties will be added (%2 in all). Nothing is added until you confirm.</source>
        <translation>%1 pénalités seront ajoutées (%2 au total). Rien n&apos;est ajouté avant votre confirmation.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No penalty to add: every crew passed every waypoint (or was penalised).</source>
        <translation>Aucune pénalité à ajouter : chaque équipage est passé à chaque waypoint (ou a déjà été pénalisé).</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 penalties added</source>
        <translation>%1 pénalités ajoutées</translation>
    </message>
</context>
<context>
    <name>ColumnTitles</name>
    <message>
        <location filename="../../gui/models.py" line="-238"/>
        <source>Pos</source>
        <translation>Pos.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Position in this classification; equal times share it (1, 2, 2, 4)</source>
        <translation>Position dans ce classement&#xa0;; les temps égaux sont ex æquo (1, 2, 2, 4)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No</source>
        <translation>N°</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Race number</source>
        <translation>Numéro de course</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Crew</source>
        <translation>Équipage</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Driver / co-driver / navigator with nationality</source>
        <translation>Pilote / copilote / navigateur, avec la nationalité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Team</source>
        <translation>Équipe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vehicle</source>
        <translation>Véhicule</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Class of the entry</source>
        <translation>Classe de l&apos;engagé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>Temps</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stage time, or overall total</source>
        <translation>Temps de l’étape, ou total du classement général</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>N: the total includes a nominal time (a DNS or DNF given the stage&apos;s flat time)</source>
        <translation>N&#xa0;: le total comprend un temps nominal (non-partant ou abandon crédité du temps forfaitaire de l’étape)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Penalty</source>
        <translation>Pénalité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sum of penalties (+) and bonuses/credits (−) counted in this time</source>
        <translation>Somme des pénalités (+) et des bonifications ou crédits de temps (−) comptés dans ce temps</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gap</source>
        <translation>Écart</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Behind the leader of this classification</source>
        <translation>Écart avec le premier de ce classement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diff</source>
        <translation>Éc. préc.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Behind the row above (0 on a shared position)</source>
        <translation>Écart avec la ligne au-dessus (0 pour des ex æquo)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cat. pos</source>
        <translation>Pos. cat.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Position in the whole category</source>
        <translation>Position dans toute la catégorie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Change</source>
        <translation>Évol.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Places gained (+) or lost (−) since the previous counting stage</source>
        <translation>Places gagnées (+) ou perdues (−) depuis l&apos;étape précédente prise en compte</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <location filename="../../gui/offline.py" line="+119"/>
        <source>Conflicts of offline keying</source>
        <translation>Conflits de la saisie hors ligne</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Changes keyed while this desk was offline that another desk had changed meanwhile: nothing was overwritten. Keep one value, with a reason.</source>
        <extracomment>asks the reason of a settlement (tests answer it); None or &quot;&quot; cancels</extracomment>
        <translation>Modifications saisies pendant que ce poste était hors ligne, qu&apos;un autre poste avait changées entre-temps&#xa0;: rien n&apos;a été écrasé. Gardez une valeur, avec un motif.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No.</source>
        <translation>N°</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This desk</source>
        <translation>Ce poste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keyed at</source>
        <translation>Saisi à</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On the server</source>
        <translation>Sur le serveur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Written by</source>
        <translation>Écrit par</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Keep this desk&apos;s value…</source>
        <translation>Garder la valeur de ce poste…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep the server&apos;s value…</source>
        <translation>Garder la valeur du serveur…</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>No conflict left to settle.</source>
        <translation>Plus aucun conflit à régler.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Stage %1 #%2: keep %3? Give the reason:</source>
        <translation>Étape %1, n° %2&#xa0;: garder %3&#xa0;? Donnez le motif&#xa0;:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>not settled: settling needs a reason</source>
        <translation>non réglé&#xa0;: un règlement exige un motif</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>NOT settled: %1</source>
        <translation>NON réglé&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>settled: kept %1</source>
        <translation>réglé&#xa0;: %1 gardé</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Settle a conflict</source>
        <translation>Régler un conflit</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <location filename="../../gui/connect.py" line="+52"/>
        <source>Connect to server</source>
        <translation>Se connecter à un serveur</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>192.168.1.10, or paste the whole postgresql:// URL</source>
        <extracomment>what a successful connection opened (the window takes it over) libpq&apos;s sslmode a pasted URL named without an authority (kept as it was)</extracomment>
        <translation>192.168.1.10, ou collez l&apos;URL postgresql:// entière</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server&apos;s name or address on the bivouac&apos;s network. A URL pasted here, as &apos;rallydesk server add-event&apos; printed it, fills every field</source>
        <translation>Le nom ou l&apos;adresse du serveur sur le réseau du bivouac. Une URL collée ici, telle que &apos;rallydesk server add-event&apos; l&apos;a affichée, remplit tous les champs</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>dakar-2026</source>
        <translation>dakar-2026</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The event&apos;s name on the server (its database)</source>
        <translation>Le nom de l&apos;épreuve sur le serveur (sa base de données)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Which of the event&apos;s logins: the server lets each role do what it may</source>
        <translation>Quel identifiant de l&apos;épreuve : le serveur laisse chaque rôle faire ce qu&apos;il peut faire</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>optional: the server&apos;s ca.crt</source>
        <translation>facultatif : le ca.crt du serveur</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server&apos;s certificate authority (a .crt or .pem file from its administrator): the desk then refuses a server whose certificate it did not sign</source>
        <translation>L&apos;autorité de certification du serveur (un fichier .crt ou .pem donné par son administrateur) : le poste refuse alors un serveur dont elle n&apos;a pas signé le certificat</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>C&amp;hoose…</source>
        <translation>C&amp;hoisir…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Remember the password on this computer</source>
        <translation>Retenir le mot de passe sur cet ordi&amp;nateur</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This computer has no credential store RallyDesk can use (Windows Credential Manager, macOS Keychain, a Secret Service): the password is asked each time</source>
        <translation>Cet ordinateur n&apos;a pas de coffre à mots de passe utilisable par RallyDesk (Gestionnaire d&apos;identification Windows, Trousseau macOS, Secret Service) : le mot de passe est demandé à chaque fois</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Kept by the computer&apos;s credential store (Windows Credential Manager, macOS Keychain, Secret Service), never in RallyDesk&apos;s settings</source>
        <translation>Gardé par le coffre à mots de passe de l&apos;ordinateur (Gestionnaire d&apos;identification Windows, Trousseau macOS, Secret Service), jamais dans les réglages de RallyDesk</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Server:</source>
        <translation>&amp;Serveur :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Port:</source>
        <translation>P&amp;ort :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Event:</source>
        <translation>É&amp;preuve :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>R&amp;ole:</source>
        <translation>&amp;Rôle :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pass&amp;word:</source>
        <translation>&amp;Mot de passe :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Certificate &amp;authority:</source>
        <translation>&amp;Autorité de certification :</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This computer has no credential store RallyDesk can use: the password will not be kept.</source>
        <extracomment>why nothing will be kept (no credential store), under the box</extracomment>
        <translation>Cet ordinateur n&apos;a pas de coffre à mots de passe utilisable par RallyDesk : le mot de passe ne sera pas gardé.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Co&amp;nnect</source>
        <translation>Se &amp;connecter</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>The URL filled the fields; Enter connects.</source>
        <translation>L&apos;URL a rempli les champs ; Entrée connecte.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The server&apos;s certificate authority</source>
        <translation>L&apos;autorité de certification du serveur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Certificates (*.crt *.pem *.cer)</source>
        <translation>Certificats (*.crt *.pem *.cer)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>All files (*)</source>
        <translation>Tous les fichiers (*)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The server refused this password (or has no event of that name).</source>
        <translation>Le serveur a refusé ce mot de passe (ou n&apos;a pas d&apos;épreuve de ce nom).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server cannot be reached at this address and port, or does not let this computer in.</source>
        <translation>Le serveur est injoignable à cette adresse et ce port, ou n&apos;accepte pas cet ordinateur.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server has no event of that name.</source>
        <translation>Le serveur n&apos;a pas d&apos;épreuve de ce nom.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server&apos;s certificate could not be checked against this authority.</source>
        <translation>Le certificat du serveur n&apos;a pas pu être vérifié avec cette autorité.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The connection was refused.</source>
        <translation>La connexion a été refusée.</translation>
    </message>
</context>
<context>
    <name>Connector</name>
    <message>
        <location line="+49"/>
        <source>Connected. The password was not kept: this computer has no credential store RallyDesk can use; it is asked at the next connection.</source>
        <extracomment>the status bar&apos;s note of the open server event (None: a file, or none open)</extracomment>
        <translation>Connecté. Le mot de passe n&apos;a pas été gardé : cet ordinateur n&apos;a pas de coffre à mots de passe utilisable par RallyDesk ; il sera demandé à la prochaine connexion.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Cannot open the event</source>
        <translation>Impossible d&apos;ouvrir l&apos;épreuve</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../gui/reporting.py" line="+35"/>
        <source>(no log file could be written)</source>
        <translation>(aucun fichier journal n’a pu être écrit)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>RallyDesk ran into an unexpected problem and did not finish what you asked.</source>
        <translation>RallyDesk a rencontré un problème inattendu et n’a pas terminé ce que vous avez demandé.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your data is safe: every time the desk showed as recorded is in the event file, and nothing half-done was written.</source>
        <translation>Vos données sont en sécurité&#xa0;: chaque temps affiché comme enregistré est dans le fichier de l’épreuve, et rien n’a été écrit à moitié.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The details are in the log:</source>
        <translation>Les détails sont dans le journal technique&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You can go on working. If it happens again, send the log to your support.</source>
        <translation>Vous pouvez continuer à travailler. Si cela se reproduit, envoyez le journal technique à votre assistance.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>RallyDesk: unexpected problem</source>
        <translation>RallyDesk&#xa0;: problème inattendu</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open the log folder</source>
        <translation>Ouvrir le dossier du journal</translation>
    </message>
</context>
<context>
    <name>CrewActionWords</name>
    <message>
        <location filename="../../gui/crew_actions.py" line="+32"/>
        <source>Edit &amp;time…</source>
        <extracomment>the statuses a crew can be given, each with its letter in the status menu the keys of the actions where they act (the card, a focused list): none is a menu&apos;s key act(what): &quot;time&quot;, &quot;penalty&quot; or a status</extracomment>
        <translation>Modifier le &amp;temps…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add &amp;penalty…</source>
        <translation>Ajouter une &amp;pénalité…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change &amp;status</source>
        <translation>Changer le &amp;statut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;DNS: did not start</source>
        <translation>&amp;DNS : non partant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;NF: did not finish</source>
        <translation>D&amp;NF : n&apos;a pas terminé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;RET: retired</source>
        <translation>&amp;RET : abandon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DS&amp;Q: disqualified</source>
        <translation>DS&amp;Q : disqualifié</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;EXP: out of competition</source>
        <translation>&amp;EXP : hors compétition</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Key this crew&apos;s time on the stage again, at the time entry (a reason is asked)</source>
        <translation>Saisir à nouveau le temps de cet équipage sur l&apos;étape, à la saisie des temps (un motif est demandé)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A penalty, bonus or credit for this crew on the stage</source>
        <translation>Une pénalité, une bonification ou un crédit pour cet équipage sur l&apos;étape</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DNS, DNF, RET, DSQ or EXP, with a reason, at the time entry</source>
        <translation>DNS, DNF, RET, DSQ ou EXP, avec un motif, à la saisie des temps</translation>
    </message>
</context>
<context>
    <name>CrewCard</name>
    <message>
        <location filename="../../gui/timing.py" line="+360"/>
        <source>Crew #%1</source>
        <translation>Équipage n° %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>Temps</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pos</source>
        <translation>Pos.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Penalty</source>
        <translation>Pénalité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overall</source>
        <translation>Général</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overall pos</source>
        <translation>Clt général</translation>
    </message>
    <message>
        <location line="+19"/>
        <location line="+11"/>
        <source>Overall position after each stage</source>
        <translation>Place au général après chaque étape</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Penalties</source>
        <translation>Pénalités</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Journal of this crew</source>
        <translation>Journal de cet équipage</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>stage %1: %2, %3</source>
        <translation>étape %1&#xa0;: %2, %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>stage %1: %2</source>
        <translation>étape %1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>Desk</name>
    <message>
        <location filename="../../gui/desk.py" line="+69"/>
        <source>Time e&amp;ntry</source>
        <translation>&amp;Saisie des temps</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Key times with the classifications they change beside them (%1)</source>
        <translation>Saisir les temps, avec à côté les classements qu&apos;ils modifient (%1)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Classifications</source>
        <translation>Classem&amp;ents</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Several classifications, one above the other; View &gt; Add a classification view adds one</source>
        <translation>Plusieurs classements, l’un au-dessus de l’autre&#xa0;; Affichage &gt; Ajouter une vue de classement en ajoute un</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Set-up</source>
        <translation>&amp;Paramétrage</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Penalties</source>
        <translation>Pé&amp;nalités</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>P&amp;ublication</source>
        <translation>P&amp;ublication</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Publish each stage of each category: provisional, official, amended</source>
        <translation>Publier chaque étape de chaque catégorie&#xa0;: provisoire, officiel, modifié</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Journal</source>
        <translation>&amp;Journal</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every change: who, at which desk, old and new values, why</source>
        <translation>Chaque modification&#xa0;: qui, à quel poste, anciennes et nouvelles valeurs, pourquoi</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>find a crew: race number or name, then Enter (Esc closes)</source>
        <translation>chercher un équipage : numéro ou nom, puis Entrée (Échap ferme)</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>no crew found</source>
        <extracomment>scroll the views beside the entry to the crew just keyed (View menu, remembered)</extracomment>
        <translation>aucun équipage trouvé</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>#%1 (%2 of %3; Enter: next)</source>
        <translation>n° %1 (%2 sur %3 ; Entrée : suivant)</translation>
    </message>
</context>
<context>
    <name>Exports</name>
    <message>
        <location filename="../../gui/exports.py" line="+47"/>
        <location line="+135"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Classeurs Excel (*.xlsx)</translation>
    </message>
    <message>
        <location line="-134"/>
        <location line="+134"/>
        <source>PDF documents (*.pdf)</source>
        <translation>Documents PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="-131"/>
        <source>Export classifications to PDF</source>
        <translation>Exporter les classements en PDF</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export classifications</source>
        <translation>Exporter les classements</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Writing the classification sheets…</source>
        <translation>Écriture des feuilles de classement…</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+113"/>
        <source>Export failed</source>
        <translation>Échec de l&apos;export</translation>
    </message>
    <message>
        <location line="-107"/>
        <location line="+112"/>
        <source>Exported %1</source>
        <translation>Exporté&#xa0;: %1</translation>
    </message>
    <message>
        <location line="-111"/>
        <source>Written %1

Open the folder?</source>
        <translation>Écrit&#xa0;: %1

Ouvrir le dossier&#xa0;?</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+23"/>
        <source>Nothing to print</source>
        <translation>Rien à imprimer</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Print classifications of stage %1</source>
        <translation>Imprimer les classements de l’étape %1</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Print stage %1 %2, published version %3</source>
        <translation>Imprimer l&apos;étape %1 %2, version publiée %3</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Export stage %1 %2, published version %3</source>
        <translation>Exporter l&apos;étape %1 %2, version publiée %3</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Export done</source>
        <translation>Export terminé</translation>
    </message>
</context>
<context>
    <name>Follower</name>
    <message>
        <location filename="../../gui/following.py" line="+48"/>
        <source>&lt;b&gt;Read-only&lt;/b&gt;: this event is open for reading; no time can be keyed here.</source>
        <extracomment>How often a read-only desk looks at the writer&apos;s commits (a file cannot announce them). How often a desk on a server looks at the journal&apos;s head although commits are announced: the safety net for a listening connection lost without a word (a cable pulled). another desk&apos;s commits were read the store is out of reach (the message to show); the next look tries again True while other desks&apos; announced commits are heard</extracomment>
        <translation>&lt;b&gt;Lecture seule&lt;/b&gt;&#xa0;: cette épreuve est ouverte en consultation&#xa0;; aucun temps ne peut être saisi ici.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Written by %1; this desk follows it within a second.</source>
        <translation>Saisi par %1 ; ce poste suit ses saisies à la seconde.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No desk writes it now; this desk follows any change within a second.</source>
        <translation>Aucun poste ne saisit en ce moment ; ce poste suit tout changement à la seconde.</translation>
    </message>
</context>
<context>
    <name>IdleLock</name>
    <message>
        <location filename="../../gui/login.py" line="+121"/>
        <source>Lock after idle minutes</source>
        <translation>Verrouiller après des minutes d&apos;inactivité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minutes without a key or a click (0: never):</source>
        <translation>Minutes sans touche ni clic (0 : jamais) :</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Locked after %1 idle minutes: log in again (%2)</source>
        <translation>Verrouillé après %1 minutes d&apos;inactivité&#xa0;: identifiez-vous à nouveau (%2)</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../gui/import_dialog.py" line="+60"/>
        <source>Import stages, groups, entries, times or adjustments</source>
        <extracomment>The background of a bad row in the preview, light and dark theme (its text stays the theme&apos;s).</extracomment>
        <translation>Importer étapes, catégories, engagés, temps ou pénalités</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Choose CSV or XLSX files…</source>
        <translation>&amp;Choisir des fichiers CSV ou XLSX…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save an e&amp;xample file…</source>
        <translation>Enregistrer un fichier d&apos;e&amp;xemple…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A CSV file with the columns of a kind and a few rows, to fill in and import</source>
        <translation>Un fichier CSV avec les colonnes d&apos;un type et quelques lignes, à remplir puis importer</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No file chosen.</source>
        <extracomment>hook the tests replace: (kind, suggested path) -&gt; the path chosen, or None</extracomment>
        <translation>Aucun fichier choisi.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Every bad row: file, line, column, value and the accepted forms</source>
        <translation>Chaque ligne erronée&#xa0;: fichier, ligne, colonne, valeur et formes acceptées</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+62"/>
        <source>Import</source>
        <translation>Importer</translation>
    </message>
    <message>
        <location line="-50"/>
        <source>Preview (first rows):</source>
        <translation>Aperçu (premières lignes)&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bad rows (nothing is imported while there are any):</source>
        <translation>Lignes erronées (rien n&apos;est importé tant qu&apos;il y en a)&#xa0;:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Categories, classes and cups (groups)</source>
        <translation>Catégories, classes et coupes (groups)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stages (stages)</source>
        <translation>Étapes (stages)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Entries: crews (entries)</source>
        <translation>Engagés : équipages (entries)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waypoints of the stages (waypoints)</source>
        <translation>Points de passage des étapes (waypoints)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start lists (starts)</source>
        <translation>Listes de départ (starts)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stage times and statuses (times)</source>
        <translation>Temps et statuts des étapes (times)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waypoint passages from the tracking (passages)</source>
        <translation>Passages aux points de passage, du suivi (passages)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Penalties, bonuses, credits (adjustments)</source>
        <translation>Pénalités, bonifications, crédits (adjustments)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save an example file</source>
        <translation>Enregistrer un fichier d&apos;exemple</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Example saved: %1. Open it in a spreadsheet, replace the rows with yours, then choose it here to import it.</source>
        <translation>Exemple enregistré : %1. Ouvrez-le dans un tableur, remplacez les lignes par les vôtres, puis choisissez-le ici pour l&apos;importer.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Tables (*.csv *.xlsx)</source>
        <translation>Tableaux (*.csv *.xlsx)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>All files (*)</source>
        <translation>Tous les fichiers (*)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>&lt;b&gt;%1 bad row(s)&lt;/b&gt;: fix the file(s); nothing will be imported.</source>
        <translation>&lt;b&gt;%1 ligne(s) erronée(s)&lt;/b&gt;&#xa0;: corrigez le ou les fichiers&#xa0;; rien ne sera importé.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ready: %1</source>
        <translation>Prêt&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>warning: %1</source>
        <translation>attention&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>line</source>
        <translation>ligne</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Imported: %1</source>
        <translation>Importé&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: %2 %3 rows</source>
        <translation>%1&#xa0;: %2 lignes « %3 »</translation>
    </message>
</context>
<context>
    <name>InterruptDialog</name>
    <message>
        <location filename="../../gui/raid_interrupt.py" line="+46"/>
        <source>Interrupt stage %1</source>
        <translation>Interrompre l&apos;étape %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the stewards&apos; decision, e.g. 14</source>
        <translation>la décision des commissaires, p. ex. 14</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>classified at a waypoint</source>
        <translation>classement à un waypoint</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped at a time of day</source>
        <translation>arrêt à une heure</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a segment neutralised</source>
        <translation>un secteur neutralisé</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>time of day, e.g. 16:24:00</source>
        <translation>heure, p. ex. 16:24:00</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>empty: the shortest among the crews</source>
        <translation>vide : le plus court des équipages</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Waypoint W</source>
        <translation>Waypoint W</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopped at T</source>
        <translation>Arrêt à T</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>From A</source>
        <translation>De A</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To B</source>
        <translation>À B</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Neutral time N</source>
        <translation>Temps neutralisé N</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>why, e.g. floods after km 300</source>
        <translation>pourquoi, p. ex. crues après le km 300</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rule</source>
        <translation>Règle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pos</source>
        <translation>Pos.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No</source>
        <translation>N°</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Crew</source>
        <translation>Équipage</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Time</source>
        <translation>Temps</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Before</source>
        <translation>Avant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>After the interruption</source>
        <translation>Après l&apos;interruption</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Preview</source>
        <translation>&amp;Aperçu</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Interrupt the stage</source>
        <translation>&amp;Interrompre l&apos;étape</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Undo the interruption</source>
        <translation>A&amp;nnuler l&apos;interruption</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Take back this category&apos;s interruption of the stage; give the reason first</source>
        <translation>Retirer l&apos;interruption de l&apos;étape pour cette catégorie ; donnez d&apos;abord le motif</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Already interrupted: %1 (decision %2, %3)</source>
        <translation>Déjà interrompue : %1 (décision %2, %3)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>classified at WP%1</source>
        <translation>classement au WP%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>stopped at %1</source>
        <translation>arrêt à %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+7"/>
        <source>start</source>
        <translation>départ</translation>
    </message>
    <message>
        <location line="-7"/>
        <location line="+11"/>
        <source>finish</source>
        <translation>arrivée</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>neutralised %1–%2</source>
        <translation>neutralisé %1–%2</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>stage %1 has no waypoints: set them in Set-up &gt; Stages</source>
        <translation>l&apos;étape %1 n&apos;a pas de waypoints : définissez-les dans Configuration &gt; Étapes</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Nothing is written yet: check the classification after, then Interrupt.</source>
        <translation>Rien n&apos;est encore enregistré : vérifiez le classement après, puis Interrompre.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Stage %1 %2 is already interrupted: exactly one rule applies per stage and category (undo it first, with a reason)</source>
        <translation>L&apos;étape %1 %2 est déjà interrompue&#xa0;: une seule règle s&apos;applique par étape et catégorie (annulez d&apos;abord l&apos;interruption, avec un motif)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Give the reason for taking the interruption back</source>
        <translation>Donnez le motif du retrait de l&apos;interruption</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The interruption was taken back</source>
        <translation>L&apos;interruption a été retirée</translation>
    </message>
</context>
<context>
    <name>JournalModel</name>
    <message>
        <location filename="../../gui/journal.py" line="+55"/>
        <source>Id</source>
        <translation>N° d&apos;ordre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Official</source>
        <translation>Officiel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Desk</source>
        <translation>Poste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No</source>
        <translation>N°</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target</source>
        <translation>Objet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Change</source>
        <translation>Modification</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
</context>
<context>
    <name>JournalWidget</name>
    <message>
        <location line="+44"/>
        <source>stage</source>
        <translation>étape</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>race number</source>
        <translation>numéro de course</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>official&apos;s name</source>
        <translation>nom de l&apos;officiel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>desk&apos;s name</source>
        <translation>nom du poste</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>every kind</source>
        <translation>tous les types</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>times and statuses</source>
        <translation>temps et statuts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>penalties</source>
        <translation>pénalités</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>publications</source>
        <translation>publications</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>entries</source>
        <translation>engagés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stages</source>
        <translation>étapes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>categories, classes and cups</source>
        <translation>catégories, classes et coupes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>event settings</source>
        <translation>paramètres de l&apos;épreuve</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>officials and PINs</source>
        <translation>officiels et codes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>desk settings</source>
        <translation>réglages du poste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>waypoints</source>
        <translation>waypoints</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>passages</source>
        <translation>passages</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stage interruptions</source>
        <translation>interruptions d&apos;étape</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>since (UTC, e.g. 2026-01-08T18)</source>
        <translation>depuis (UTC, par ex. 2026-01-08T18)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>S&amp;tage:</source>
        <translation>É&amp;tape&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N&amp;o:</source>
        <translation>N&amp;°&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>O&amp;fficial:</source>
        <translation>O&amp;fficiel&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;esk:</source>
        <translation>Pos&amp;te&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Kind:</source>
        <translation>T&amp;ype&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;ince:</source>
        <translation>&amp;Depuis&#xa0;:</translation>
    </message>
    <message numerus="yes">
        <location line="+40"/>
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n modification</numerusform>
            <numerusform>%n modifications</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KeyingWords</name>
    <message>
        <location filename="../../gui/keying_words.py" line="+40"/>
        <source>#%1 already has %2 on stage %3.
Replace it with %4? Give the reason:</source>
        <extracomment>how the services&apos; refusals begin: the desk says it in its own language</extracomment>
        <translation>Le n° %1 a déjà %2 sur l&apos;étape %3.
Le remplacer par %4&#xa0;? Indiquez le motif&#xa0;:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>no result</source>
        <translation>aucun résultat</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>#%1 was changed meanwhile on stage %2: %3 (by %4 at %5), where this desk showed %6.
Replace it with %7? Give the reason:</source>
        <translation>Le n° %1 a été modifié entre-temps sur l&apos;étape %2&#xa0;: %3 (par %4 au poste %5), alors que ce poste affichait %6.
Le remplacer par %7&#xa0;? Donnez le motif&#xa0;:</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 is official: recording %2 for #%3 on stage %4 changes it (an amended version must follow).
Give the reason for this change:</source>
        <translation>%1 est officiel&#xa0;: enregistrer %2 pour le n°%3 sur l&apos;étape %4 le modifie (une version amendée devra suivre).
Donnez le motif de cette modification&#xa0;:</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>NOT recorded: the result of #%1 was deleted meanwhile by %2 at %3</source>
        <translation>NON enregistré&#xa0;: le résultat du n° %1 a été supprimé entre-temps par %2 au poste %3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>NOT recorded: %1</source>
        <translation>NON enregistré&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Replace a keyed result</source>
        <translation>Remplacer un résultat saisi</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../gui/login.py" line="-109"/>
        <source>Who is working?</source>
        <translation>Qui travaille&#xa0;?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>timekeeper</source>
        <translation>chronométreur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>results manager</source>
        <translation>responsable des résultats</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>clerk of the course</source>
        <translation>directeur de course</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>4 to 12 digits</source>
        <translation>4 à 12 chiffres</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>This event has officials: every change is signed with your name.</source>
        <translation>Cette épreuve a des officiels&#xa0;: chaque modification est signée de votre nom.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Official:</source>
        <translation>&amp;Officiel&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;PIN:</source>
        <translation>&amp;Code&#xa0;:</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="+100"/>
        <source>Event open elsewhere</source>
        <extracomment>The status bar&apos;s background when a backup fails: the light theme&apos;s error red, white text on it. the OFFLINE sign and reconnect timer of the open event (a writing desk only)</extracomment>
        <translation>Épreuve ouverte ailleurs</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open it read-only?</source>
        <translation>L&apos;ouvrir en lecture seule&#xa0;?</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+5"/>
        <source>Cannot open the event</source>
        <translation>Impossible d&apos;ouvrir l&apos;épreuve</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>This event has no officials: add them with rallydesk officials EVENT add NAME --role ROLE --pin PIN</source>
        <translation>Cette épreuve n&apos;a pas d&apos;officiels&#xa0;: ajoutez-les avec rallydesk officials EVENT add NAME --role ROLE --pin PIN</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Name this desk</source>
        <translation>Nommer ce poste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name of this computer in the journal:</source>
        <translation>Nom de cet ordinateur dans le journal&#xa0;:</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>(read-only)</source>
        <translation>(lecture seule)</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+6"/>
        <source>New event</source>
        <translation>Nouvelle épreuve</translation>
    </message>
    <message>
        <location line="-6"/>
        <location line="+24"/>
        <source>RallyDesk events (*.rallydesk)</source>
        <translation>Épreuves RallyDesk (*.rallydesk)</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Event name:</source>
        <translation>Nom de l&apos;épreuve&#xa0;:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot create the event</source>
        <translation>Impossible de créer l&apos;épreuve</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Open event</source>
        <translation>Ouvrir une épreuve</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All files (*)</source>
        <translation>Tous les fichiers (*)</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>This event is open read-only: nothing can be changed from this desk.</source>
        <translation>Cette épreuve est ouverte en lecture seule&#xa0;: rien ne peut être modifié depuis ce poste.</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>The language changes the next time RallyDesk starts.</source>
        <translation>La langue change au prochain démarrage de RallyDesk.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <location filename="../../gui/menus.py" line="+97"/>
        <source>Back to a normal finish with a time</source>
        <translation>Retour à une arrivée normale avec un temps</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Did not start the stage (reason, nominal time)</source>
        <translation>Non partant de l&apos;étape (motif, temps nominal)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Did not finish the stage (reason, nominal time)</source>
        <translation>N&apos;a pas terminé l&apos;étape (motif, temps nominal)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retired from the event on this stage (reason)</source>
        <translation>Abandon de l&apos;épreuve sur cette étape (motif)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Disqualified on this stage (reason)</source>
        <translation>Disqualifié, mis hors course sur cette étape (motif)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continues out of competition (Dakar Experience)</source>
        <translation>Continue hors classement (Dakar Experience)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Classifications</source>
        <translation>Classem&amp;ents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Set-up</source>
        <translation>&amp;Paramétrage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Penalties</source>
        <translation>Pé&amp;nalités</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P&amp;ublication</source>
        <translation>P&amp;ublication</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Journal</source>
        <translation>&amp;Journal</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;New event…</source>
        <translation>&amp;Nouvelle épreuve…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open…</source>
        <translation>&amp;Ouvrir…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Open the &amp;demo event</source>
        <translation>Ouvrir l&apos;épreuve de &amp;démonstration</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Import CSV/XLSX…</source>
        <translation>&amp;Importer CSV/XLSX…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export classifications to Excel…</source>
        <translation>&amp;Exporter les classements vers Excel…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export classifications to &amp;PDF…</source>
        <translation>Exporter les classements en &amp;PDF…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The official sheets of the desk&apos;s stage as a PDF, ready for the notice board</source>
        <translation>Les feuilles officielles de l’étape du poste en PDF, prêtes pour le tableau d’affichage</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Print the official sheets of the desk&apos;s stage, with a preview</source>
        <translation>Imprimer les feuilles officielles de l’étape du poste, avec un aperçu</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Restore from a &amp;backup…</source>
        <translation>Restaurer une &amp;sauvegarde…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Replace the open event with a verified backup; the current file is kept beside it</source>
        <translation>Remplacer l&apos;épreuve ouverte par une sauvegarde vérifiée&#xa0;; le fichier actuel est conservé à côté</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Name the official at work (name and PIN): every change is signed with it</source>
        <translation>Nommer l&apos;officiel au travail (nom et code)&#xa0;: chaque modification est signée de ce nom</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Lock after idle &amp;minutes…</source>
        <translation>Verrouiller après des &amp;minutes d&apos;inactivité…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Log the official out after so many minutes without a key or a click (0: never)</source>
        <translation>Déconnecter l&apos;officiel après tant de minutes sans touche ni clic (0&#xa0;: jamais)</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>Time e&amp;ntry</source>
        <translation>&amp;Saisie des temps</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Connect to &amp;server…</source>
        <translation>Se connecter à un ser&amp;veur…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open an event on a RallyDesk server: host, event, role and password (kept by this computer&apos;s credential store)</source>
        <translation>Ouvrir une épreuve sur un serveur RallyDesk : hôte, épreuve, rôle et mot de passe (gardé par le coffre à mots de passe de cet ordinateur)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Prin&amp;t classifications…</source>
        <translation>Imprimer les c&amp;lassements…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Switch o&amp;fficial…</source>
        <translation>Changer d&apos;offi&amp;ciel…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Name this des&amp;k…</source>
        <translation>Nommer ce pos&amp;te…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The name of this computer in the journal (default: its host name)</source>
        <translation>Le nom de cet ordinateur dans le journal (par défaut&#xa0;: son nom d&apos;hôte)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Close event</source>
        <translation>&amp;Fermer l&apos;épreuve</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Find a crew…</source>
        <translation>&amp;Chercher un équipage…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>By race number or name, in every classification and list</source>
        <translation>Par numéro ou par nom, dans tous les classements et toutes les listes</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Timing</source>
        <translation>&amp;Chronométrage</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Mark %1</source>
        <translation>Marquer %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Record the keyed result</source>
        <translation>Enregistrer le résultat saisi</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Clear the fields</source>
        <translation>Effacer les champs</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Previous stage</source>
        <translation>Étape précédente</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Next stage</source>
        <translation>Étape suivante</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Start list…</source>
        <translation>Ordre de &amp;départ…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Generate, see and print the start list of the desk&apos;s stage</source>
        <translation>Établir, consulter et imprimer l&apos;ordre de départ de l&apos;étape en cours</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Verify stage (second keying)…</source>
        <translation>&amp;Vérifier l&apos;étape (double saisie)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Another official keys the stage again, blind; the mismatches are listed to settle</source>
        <translation>Un autre officiel ressaisit l&apos;étape à l&apos;aveugle ; les écarts sont listés pour être tranchés</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Passages…</source>
        <translation>&amp;Passages…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Who passed which waypoint of the desk&apos;s stage; the missing passages marked</source>
        <translation>Qui est passé à quel waypoint de l&apos;étape du poste ; les passages manquants signalés</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cl&amp;ose passages…</source>
        <translation>Cl&amp;ore les passages…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The missed-waypoint penalties of the desk&apos;s stage, shown before they are added</source>
        <translation>Les pénalités de waypoints manqués de l&apos;étape du poste, montrées avant d&apos;être ajoutées</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Interrupt stage…</source>
        <translation>&amp;Interrompre l&apos;étape…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A stewards&apos; decision: classified at a waypoint, stopped at a time, or a segment neutralised; the classification before and after, then confirmed</source>
        <translation>Une décision des commissaires : classement à un waypoint, arrêt à une heure ou secteur neutralisé ; le classement avant et après, puis la confirmation</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Conflicts of offline keying…</source>
        <translation>&amp;Conflits de la saisie hors ligne…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Changes keyed while the server was unreachable that another desk had changed meanwhile: keep one value, with a reason</source>
        <translation>Modifications saisies pendant que le serveur était injoignable, qu&apos;un autre poste avait changées entre-temps&#xa0;: gardez une valeur, avec un motif</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Add a classification &amp;view</source>
        <translation>Ajouter une &amp;vue de classement</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Another classification beside the ones shown, with its own stage, scope and group</source>
        <translation>Un classement de plus à côté de ceux affichés, avec son étape, sa portée (étape ou général) et sa catégorie</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Scroll to the crew just &amp;keyed</source>
        <translation>&amp;Aller à l&apos;équipage qui vient d&apos;être saisi</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The views beside the time entry show where the keyed crew landed</source>
        <translation>Les vues à côté de la saisie montrent où l&apos;équipage saisi se classe</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Results &amp;board…</source>
        <translation>Ta&amp;bleau des résultats…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Serve the open event&apos;s live and published classifications as web pages for the phones and the TV of the bivouac (read-only)</source>
        <translation>Servir les classements en direct et publiés de l&apos;épreuve ouverte en pages web pour les téléphones et la télévision du bivouac (lecture seule)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Zoom the tables &amp;in</source>
        <translation>A&amp;grandir les tableaux</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Zoom the tables &amp;out</source>
        <translation>&amp;Réduire les tableaux</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Reset the zoom</source>
        <translation>&amp;Taille normale</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Dark theme (night work)</source>
        <translation>Thème sombre (trava&amp;il de nuit)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Help</source>
        <translation>A&amp;ide</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Server…</source>
        <translation>&amp;Serveur…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server of this event: its address, encryption, and every desk with its last heartbeat and changes waiting (server events only)</source>
        <translation>Le serveur de cette épreuve : son adresse, le chiffrement, et chaque poste avec son dernier signe de vie et ses modifications en attente (épreuves sur serveur seulement)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;About RallyDesk</source>
        <translation>À &amp;propos de RallyDesk</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Open &amp;recent</source>
        <translation>Ouvrir un fichier &amp;récent</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Redo</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System (follows the computer)</source>
        <translation>Système (suit l&apos;ordinateur)</translation>
    </message>
</context>
<context>
    <name>MissedPenalties</name>
    <message>
        <location filename="../../gui/raid_setup.py" line="+184"/>
        <source>Added once for each waypoint of this kind a crew did not pass, e.g. 0:15:00</source>
        <translation>Ajoutée une fois pour chaque waypoint de ce type où un équipage n&apos;est pas passé, p. ex. 0:15:00</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Missed %1: %2 is not a duration (e.g. 0:15:00 or 15&apos;)</source>
        <translation>%1 manqué : %2 n&apos;est pas une durée (p. ex. 0:15:00 ou 15&apos;)</translation>
    </message>
</context>
<context>
    <name>MissingList</name>
    <message>
        <location filename="../../gui/keyed_lists.py" line="+66"/>
        <source>Still without a time</source>
        <extracomment>what &quot;Last keyed&quot; shows of a row: text, (stage, number) to key again, undone, tooltip a crew was double-clicked: key it the category the views beside follow; the list follows it too (None: all) the stage the list shows</extracomment>
        <translation>Encore sans temps</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Entries still without a result on this stage; double-click to key one</source>
        <translation>Engagés encore sans résultat sur cette étape&#xa0;; double-cliquez pour en saisir un</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Still without a time on this stage, %1 (%2)</source>
        <translation>Encore sans temps sur cette étape, %1 (%2)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Still without a time on this stage (%1)</source>
        <translation>Encore sans temps sur cette étape (%1)</translation>
    </message>
</context>
<context>
    <name>OfficialsWidget</name>
    <message>
        <location filename="../../gui/officials.py" line="+37"/>
        <source>timekeeper</source>
        <translation>chronométreur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>results manager</source>
        <translation>responsable des résultats</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>clerk of the course</source>
        <translation>directeur de course</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Del removes the selected official</source>
        <translation>Suppr retire l&apos;officiel choisi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>first name and SURNAME</source>
        <translation>prénom et NOM</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>4 to 12 digits</source>
        <translation>4 à 12 chiffres</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add official</source>
        <translation>Ajouter l&apos;officiel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove selected</source>
        <translation>Retirer l&apos;officiel choisi</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This event has no officials yet: anyone may change it. Add the clerk of the course first, with a PIN; the desk then asks who is working, and only the clerk adds the other officials.</source>
        <extracomment>on an event without officials: the first one is the clerk, who then adds the others</extracomment>
        <translation>Cette épreuve n&apos;a pas encore d&apos;officiels : n&apos;importe qui peut la modifier. Ajoutez d&apos;abord le directeur de course, avec un code ; le poste demande alors qui travaille, et seul le directeur de course ajoute les autres officiels.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIN</source>
        <translation>Code</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A timekeeper keys times and statuses; a results manager also penalties, imports, set-up and provisional publication; the clerk of the course also official publication and amendments.</source>
        <translation>Un chronométreur saisit les temps et les statuts&#xa0;; un responsable des résultats aussi les pénalités, les importations, le paramétrage et la publication provisoire&#xa0;; le directeur de course aussi la publication officielle et les modifications.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The first official of an event is the clerk of the course: add the clerk first (with a PIN), then the clerk adds the others</source>
        <translation>Le premier officiel d&apos;une épreuve est le directeur de course : ajoutez-le d&apos;abord (avec un code), puis il ajoute les autres</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 added</source>
        <translation>%1 ajouté</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose an official in the list first</source>
        <translation>Choisissez d&apos;abord un officiel dans la liste</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 removed</source>
        <translation>%1 retiré</translation>
    </message>
</context>
<context>
    <name>OfflineStatus</name>
    <message>
        <location filename="../../gui/offline.py" line="-161"/>
        <source>Back online: %1 changes sent to the server</source>
        <extracomment>how often a desk that lost its server tries again (milliseconds)</extracomment>
        <translation>De nouveau en ligne&#xa0;: %1 modifications envoyées au serveur</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>OFFLINE: %1 changes waiting for the server</source>
        <translation>HORS LIGNE&#xa0;: %1 modifications en attente du serveur</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server cannot be reached: keying goes on, each change is kept on this computer and sent, in order, when the server answers again</source>
        <translation>Le serveur est injoignable&#xa0;: la saisie continue, chaque modification est gardée sur cet ordinateur et envoyée, dans l&apos;ordre, dès que le serveur répond</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>%1 conflicts for the results manager (Timing &gt; Conflicts of offline keying)</source>
        <translation>%1 conflits pour le responsable des résultats (Chronométrage &gt; Conflits de la saisie hors ligne)</translation>
    </message>
</context>
<context>
    <name>PassagesDialog</name>
    <message>
        <location filename="../../gui/raid_timing.py" line="-186"/>
        <source>Passages of stage %1</source>
        <translation>Passages de l&apos;étape %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only crews with &amp;missing passages</source>
        <translation>Seulement les équipages avec des passages &amp;manquants</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+31"/>
        <source>No</source>
        <translation>N°</translation>
    </message>
    <message>
        <location line="-31"/>
        <location line="+31"/>
        <source>Crew</source>
        <translation>Équipage</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Missing</source>
        <translation>Manquants</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>missing</source>
        <translation>manquant</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Stage %1 has no waypoints (Set-up &gt; Stages).</source>
        <translation>L&apos;étape %1 n&apos;a pas de waypoints (Configuration &gt; Étapes).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 crews, %2 waypoints: %3 missing passages, by %4 crews.</source>
        <translation>%1 équipages, %2 waypoints : %3 passages manquants, de %4 équipages.</translation>
    </message>
</context>
<context>
    <name>PublicationWidget</name>
    <message>
        <location filename="../../gui/publication.py" line="+180"/>
        <source>Each stage of each category is published on its own: bikes can be posted hours before trucks</source>
        <extracomment>the stage the time entry keys: preselected when the tab is shown after it changed the confirmation of the publication under way (what it will post, a preview)</extracomment>
        <translation>Chaque étape de chaque catégorie est publiée à part&#xa0;: les motos peuvent être affichées des heures avant les camions</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Publish provisional  (Ctrl+Shift+P)</source>
        <translation>Publier provisoire  (Ctrl+Maj+P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Make official  (Ctrl+Shift+O)</source>
        <translation>Rendre officiel  (Ctrl+Maj+O)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reason for the amendment (required)</source>
        <translation>Motif de la modification (obligatoire)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amend  (Ctrl+Shift+M)</source>
        <translation>Modifier  (Ctrl+Maj+M)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What changed  (Ctrl+Shift+W)</source>
        <translation>Ce qui a changé  (Ctrl+Maj+W)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The published version that Print and Export write, exactly as it was posted</source>
        <translation>La version publiée qu&apos;Imprimer et Exporter écrivent, exactement telle qu&apos;elle a été affichée</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Print this version…  (Ctrl+P)</source>
        <translation>Imprimer cette version…  (Ctrl+P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export this version (Excel or PDF)…  (Ctrl+E)</source>
        <translation>Exporter cette version (Excel ou PDF)…  (Ctrl+E)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Published &amp;version:</source>
        <translation>&amp;Version publiée :</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>What changed since the unit&apos;s last version shows here</source>
        <translation>Ce qui a changé depuis la dernière version s&apos;affiche ici</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>Publication</source>
        <translation>Publication</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+65"/>
        <source>Choose a stage and category first</source>
        <translation>Choisissez d&apos;abord une étape et une catégorie</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>The protest window of stage %1 %2 has not ended (%3 left). Make it official now?</source>
        <translation>Le délai de réclamation de l&apos;étape %1 %2 n&apos;est pas écoulé (encore %3). Rendre officiel maintenant&#xa0;?</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Stage %1 %2: nothing published</source>
        <translation>Étape %1 %2 : rien n&apos;a été publié</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>PROVISIONAL</source>
        <translation>PROVISOIRE</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>OFFICIAL</source>
        <translation>OFFICIEL</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stage %1 %2: %3 v%4 published, document %5</source>
        <translation>Étape %1 %2&#xa0;: %3 v%4 publié, document %5</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>An amendment needs a reason: type it in the field beside the button</source>
        <translation>Une modification demande un motif&#xa0;: tapez-le dans le champ à côté du bouton</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Stage %1 %2: AMENDED v%3 published, document %4</source>
        <translation>Étape %1 %2&#xa0;: MODIFIÉ v%3 publié, document %4</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Nothing published for this unit yet: nothing to compare</source>
        <translation>Rien de publié pour cette étape et catégorie&#xa0;: rien à comparer</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>live data</source>
        <translation>données en direct</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Stage %1 %2, v%3 → %4: %n entries changed</source>
        <translation>
            <numerusform>Étape %1 %2, v%3 → %4 : %n ligne modifiée</numerusform>
            <numerusform>Étape %1 %2, v%3 → %4 : %n lignes modifiées</numerusform>
        </translation>
    </message>
    <message>
        <location line="+35"/>
        <source>nothing published yet</source>
        <translation>rien de publié pour l&apos;instant</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Nothing published for this unit yet: nothing to print</source>
        <translation>Rien de publié pour cette unité : rien à imprimer</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Nothing published for this unit yet: nothing to export</source>
        <translation>Rien de publié pour cette unité : rien à exporter</translation>
    </message>
</context>
<context>
    <name>PublishDialog</name>
    <message>
        <location filename="../../gui/publish_dialog.py" line="+47"/>
        <source>PROVISIONAL</source>
        <translation>PROVISOIRE</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>OFFICIAL</source>
        <translation>OFFICIEL</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Publish stage %1 %2 as %3</source>
        <translation>Publier l&apos;étape %1 %2 en %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Stage %1 – %2, %3: %4 v%5</source>
        <translation>Étape %1 – %2, %3 : %4 v%5</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 crews timed · %2 without a time · %3 not classified</source>
        <translation>%1 équipages chronométrés · %2 sans temps · %3 non classés</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 crews have neither a time nor a status: they will be missing from the sheets. Key their times or statuses first, or publish anyway.</source>
        <translation>%1 équipages n&apos;ont ni temps ni statut : ils manqueront sur les classements. Saisissez d&apos;abord leurs temps ou statuts, ou publiez quand même.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The overall will no longer classify: %1</source>
        <translation>Le général ne classera plus : %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>#%1 %2 (P%3 after stage %4)</source>
        <translation>n°%1 %2 (%3e après l&apos;étape %4)</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+3"/>
        <location line="+7"/>
        <source>No</source>
        <translation>N°</translation>
    </message>
    <message>
        <location line="-10"/>
        <location line="+3"/>
        <location line="+7"/>
        <source>Crew</source>
        <translation>Équipage</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Before</source>
        <translation>Avant</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Now</source>
        <translation>Maintenant</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Without a time (%1)</source>
        <translation>Sans temps (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not classified (%1)</source>
        <translation>Non classés (%1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Classified after stage %1, not any more (%2)</source>
        <translation>Classés après l&apos;étape %1, plus maintenant (%2)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The sheets as they will be published (a preview)</source>
        <translation>Les classements tels qu&apos;ils seront publiés (aperçu)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Publish anyway (%1 unaccounted)</source>
        <translation>&amp;Publier quand même (%1 sans temps ni statut)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Publish</source>
        <translation>&amp;Publier</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>no time</source>
        <translation>sans temps</translation>
    </message>
</context>
<context>
    <name>RaidWords</name>
    <message>
        <location filename="../../gui/raid_words.py" line="+24"/>
        <source>decision %1</source>
        <translation>décision %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>missed WP%1</source>
        <translation>WP%1 manqué</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>missed WP%1 (km %2)</source>
        <translation>WP%1 manqué (km %2)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>no passage at WP%1: the stage is classified there (%2)</source>
        <translation>pas de passage au WP%1&#xa0;: l&apos;étape y est classée (%2)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>stopped at %1 (%2)</source>
        <translation>étape arrêtée à %1 (%2)</translation>
    </message>
</context>
<context>
    <name>RecentList</name>
    <message>
        <location filename="../../gui/keyed_lists.py" line="+22"/>
        <source>Last keyed results, newest first; Ctrl+Z undoes the latest, Ctrl+Y redoes.
Double-click one to key that number again.</source>
        <extracomment>a row was double-clicked: key (stage, number) again</extracomment>
        <translation>Derniers résultats saisis, le plus récent en haut&#xa0;; Ctrl+Z annule le dernier, Ctrl+Y le rétablit.
Double-cliquez sur un résultat pour ressaisir ce numéro.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Undo last (Ctrl+Z)</source>
        <translation>Annuler le dernier (Ctrl+Z)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Put back what was there before the latest keyed result</source>
        <translation>Remettre ce qu&apos;il y avait avant le dernier résultat saisi</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Last keyed</source>
        <translation>Dernières saisies</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>deleted</source>
        <translation>supprimé</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>undone (Ctrl+Y redoes)</source>
        <translation>annulé (Ctrl+Y rétablit)</translation>
    </message>
</context>
<context>
    <name>ReopenWords</name>
    <message>
        <location filename="../../gui/reopen.py" line="+26"/>
        <source>RallyDesk was not closed properly</source>
        <translation>RallyDesk n&apos;a pas été fermé correctement</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The last session on this event (opened %1 on desk %2) ended without closing it: the desk was stopped or the power cut.</source>
        <translation>La dernière session sur cette épreuve (ouverte le %1 au poste %2) s&apos;est terminée sans la fermer : le poste a été arrêté ou le courant coupé.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Every result the desk confirmed with ✔ is in the event.</source>
        <translation>Chaque résultat que le poste a confirmé par ✔ est dans l&apos;épreuve.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No result was recorded on this event yet.</source>
        <translation>Aucun résultat n&apos;a encore été enregistré sur cette épreuve.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>deleted</source>
        <translation>supprimé</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Last recorded result: stage %1, #%2: %3, at %4, by desk %5.</source>
        <translation>Dernier résultat enregistré : étape %1, n° %2 : %3, le %4, au poste %5.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Check the timing sheet from there before keying on.</source>
        <translation>Vérifiez la feuille de chronométrage à partir de là avant de continuer la saisie.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not closed properly last time; no result recorded yet.</source>
        <translation>Pas fermé correctement la dernière fois ; aucun résultat enregistré.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not closed properly last time: last result #%1 on stage %2.</source>
        <translation>Pas fermé correctement la dernière fois : dernier résultat n° %1 sur l&apos;étape %2.</translation>
    </message>
</context>
<context>
    <name>Restorer</name>
    <message>
        <location filename="../../gui/restoring.py" line="+39"/>
        <source>Restore the latest good backup?
%1
(the damaged file is kept beside it)</source>
        <translation>Restaurer la dernière sauvegarde saine&#xa0;?
%1
(le fichier endommagé est conservé à côté)</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+34"/>
        <location line="+14"/>
        <source>Restore failed</source>
        <translation>Échec de la restauration</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>Damaged event file</source>
        <translation>Fichier d&apos;épreuve endommagé</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Restore from a backup</source>
        <translation>Restaurer une sauvegarde</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>RallyDesk events (*.rallydesk)</source>
        <translation>Épreuves RallyDesk (*.rallydesk)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 is on a PostgreSQL server: restore works on event files only (copy a file to a new database with rallydesk push FILE URL)</source>
        <translation>%1 est sur un serveur PostgreSQL&#xa0;: la restauration ne concerne que les fichiers d&apos;épreuve (copiez un fichier vers une nouvelle base avec rallydesk push FICHIER URL)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Restored from %1; the previous file is kept as %2</source>
        <translation>Restauré depuis %1&#xa0;; le fichier précédent est conservé sous %2</translation>
    </message>
</context>
<context>
    <name>ResultsBoard</name>
    <message>
        <location filename="../../gui/results_board.py" line="+69"/>
        <source>Results board</source>
        <translation>Tableau des résultats</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Listen on (this computer only: 127.0.0.1; for the phones on the bivouac&apos;s network: this computer&apos;s address on it, or 0.0.0.0):</source>
        <translation>Écouter sur (cet ordinateur seulement&#xa0;: 127.0.0.1&#xa0;; pour les téléphones du réseau du bivouac&#xa0;: l&apos;adresse de cet ordinateur sur ce réseau, ou 0.0.0.0)&#xa0;:</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Cannot start the results board</source>
        <translation>Impossible de lancer le tableau des résultats</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Results board: %1</source>
        <translation>Tableau des résultats&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Results board running on %1</source>
        <translation>Tableau des résultats en service sur %1</translation>
    </message>
</context>
<context>
    <name>RowTableModel</name>
    <message>
        <location filename="../../gui/setup.py" line="+197"/>
        <location line="+66"/>
        <source>No</source>
        <translation>N°</translation>
    </message>
    <message>
        <location line="-65"/>
        <source>Stage number; 0 is the prologue</source>
        <translation>Numéro d&apos;étape&#xa0;; 0 pour le prologue</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start – finish</source>
        <translation>Départ – arrivée</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>YYYY-MM-DD</source>
        <translation>AAAA-MM-JJ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>prologue, stage, marathon, superspecial</source>
        <translation>prologue, stage (étape), marathon, superspecial (super-spéciale)&#xa0;: à saisir tels quels</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Special km</source>
        <translation>Km spéciale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timed distance</source>
        <translation>Distance chronométrée (spéciale)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Liaison km</source>
        <translation>Km liaison</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Road section</source>
        <translation>Secteur de liaison</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Precision</source>
        <translation>Précision</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1, 0.1 or 0.001 s: finer times are truncated</source>
        <translation>1, 0.1 ou 0.001 s&#xa0;: les temps plus fins sont tronqués</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Counts</source>
        <translation>Compte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>yes/no: does it count for the overall?</source>
        <translation>yes/no&#xa0;: l&apos;étape compte-t-elle pour le classement général&#xa0;?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancelled for</source>
        <translation>Annulée pour</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category codes separated by ;</source>
        <translation>Codes de catégorie séparés par «&#xa0;; »</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nominal rule</source>
        <translation>Règle du temps nominal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none, fixed 10:00:00, slowest+ 1:00:00, max+</source>
        <translation>none (aucun), fixed 10:00:00 (fixe), slowest+ 1:00:00 (plus lent + forfait), max+ (temps maximum + pénalités)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Max time</source>
        <translation>Temps maximum</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The stage&apos;s maximum time, e.g. 10:00:00 (the max+ nominal rule)</source>
        <translation>Le temps maximum de l&apos;étape, p. ex. 10:00:00 (la règle nominale max+)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fixed penalty</source>
        <translation>Pénalité fixe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Added once to a max+ nominal time, e.g. 1:00:00 (empty: none)</source>
        <translation>Ajoutée une fois à un temps nominal max+, p. ex. 1:00:00 (vide : aucune)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Race number</source>
        <translation>Numéro de course</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Class code</source>
        <translation>Code de la classe</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Driver</source>
        <translation>Pilote</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Given name FAMILY NAME</source>
        <translation>Prénom NOM</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+4"/>
        <location line="+2"/>
        <source>Nat</source>
        <translation>Nat.</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Three letters, e.g. FRA</source>
        <translation>Trois lettres, ex. FRA</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Co-driver</source>
        <translation>Copilote</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Navigator</source>
        <translation>Navigateur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Team</source>
        <translation>Équipe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vehicle</source>
        <translation>Véhicule</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cups</source>
        <translation>Coupes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cup codes separated by ;</source>
        <translation>Codes de coupe séparés par «&#xa0;; »</translation>
    </message>
</context>
<context>
    <name>ServerDialog</name>
    <message>
        <location filename="../../gui/server_desks.py" line="+125"/>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Desk</source>
        <translation>Poste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last seen (UTC)</source>
        <translation>Vu pour la dernière fois (UTC)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changes waiting</source>
        <translation>Modifications en attente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>This event is a file: it has no server.</source>
        <translation>Cette épreuve est un fichier : elle n&apos;a pas de serveur.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>encrypted (TLS)</source>
        <translation>chiffrée (TLS)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NOT encrypted (no TLS)</source>
        <translation>NON chiffrée (pas de TLS)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Server: %1</source>
        <translation>Serveur : %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Event: %1</source>
        <translation>Épreuve : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This desk: %1, as %2 (login %3)</source>
        <translation>Ce poste : %1, en tant que %2 (identifiant %3)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Connection: %1</source>
        <translation>Connexion : %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>(this desk)</source>
        <translation>(ce poste)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>online</source>
        <translation>en ligne</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>offline</source>
        <translation>hors ligne</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The server does not answer now: its desks cannot be listed.</source>
        <translation>Le serveur ne répond pas pour l&apos;instant : ses postes ne peuvent pas être listés.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This server cannot list its desks yet: the event&apos;s owner opens it once with this RallyDesk to allow it.</source>
        <translation>Ce serveur ne sait pas encore lister ses postes : le propriétaire de l&apos;épreuve l&apos;ouvre une fois avec ce RallyDesk pour le permettre.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Online: connected now. Last seen: the desk&apos;s last heartbeat (every 30 s). Changes waiting: kept on that desk while it could not reach the server.</source>
        <translation>En ligne : connecté maintenant. Vu pour la dernière fois : le dernier signe de vie du poste (toutes les 30 s). Modifications en attente : gardées sur ce poste tant qu&apos;il ne joignait pas le serveur.</translation>
    </message>
</context>
<context>
    <name>ServerStatus</name>
    <message>
        <location line="-138"/>
        <source>server %1</source>
        <extracomment>the last look at the server (None before the first)</extracomment>
        <translation>serveur %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>event %1</source>
        <translation>épreuve %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>desk %1</source>
        <translation>poste %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>online</source>
        <translation>en ligne</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>OFFLINE</source>
        <translation>HORS LIGNE</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 more</source>
        <translation>%1 de plus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>also online: %1</source>
        <translation>aussi en ligne : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no other desk online</source>
        <translation>aucun autre poste en ligne</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Help &gt; Server lists every desk of this event</source>
        <translation>Aide &gt; Serveur liste chaque poste de cette épreuve</translation>
    </message>
</context>
<context>
    <name>SetupWidget</name>
    <message>
        <location filename="../../gui/setup.py" line="+13"/>
        <source>Event</source>
        <translation>Épreuve</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>New stage: number and name</source>
        <translation>Nouvelle étape&#xa0;: numéro et nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stage %1</source>
        <translation>Étape %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Stages</source>
        <translation>Étapes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Categories, classes, cups</source>
        <translation>Catégories, classes, coupes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Entries</source>
        <translation>Engagés</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Officials</source>
        <translation>Officiels</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>last-stage: countback from the latest stage (Dakar); first-stage: from the first; shared: none</source>
        <translation>Dernière étape&#xa0;: départage en remontant depuis la dernière étape (Dakar)&#xa0;; première étape&#xa0;: depuis la première&#xa0;; ex æquo&#xa0;: aucun départage</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>this computer&apos;s time zone</source>
        <translation>fuseau horaire de cet ordinateur</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Where the rally is (IANA name, e.g. Asia/Riyadh): sheets print their dates and times in it</source>
        <translation>Lieu du rallye (nom IANA, p. ex. Asia/Riyadh)&#xa0;: les feuilles impriment leurs dates et heures dans ce fuseau</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>e.g. D26- (empty: numbers alone)</source>
        <translation>par ex. D26- (vide&#xa0;: le numéro seul)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Put before the number of every published document</source>
        <translation>Placé devant le numéro de chaque document publié</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>minutes after a provisional publication (empty: none)</source>
        <translation>minutes après une publication provisoire (vide&#xa0;: aucun)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>folder for automatic backups, e.g. a USB stick (empty: off)</source>
        <translation>dossier des sauvegardes automatiques, ex. une clé USB (vide&#xa0;: désactivées)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A consistent copy is made every N minutes while times are keyed; the last K are kept</source>
        <translation>Une copie cohérente est faite toutes les N minutes pendant la saisie&#xa0;; les K dernières sont conservées</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save settings</source>
        <translation>Enregistrer les paramètres</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+198"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location line="-197"/>
        <source>Tie-break</source>
        <translation>Départage des ex æquo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time style</source>
        <translation>Format des temps</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sheet language</source>
        <translation>Langue des classements</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+71"/>
        <source>Starts on</source>
        <translation>Début le</translation>
    </message>
    <message>
        <location line="-70"/>
        <location line="+71"/>
        <source>Ends on</source>
        <translation>Fin le</translation>
    </message>
    <message>
        <location line="-70"/>
        <source>Time zone</source>
        <translation>Fuseau horaire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Document number prefix</source>
        <translation>Préfixe des numéros de document</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Protest window (minutes)</source>
        <translation>Délai de réclamation (minutes)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Backup folder</source>
        <translation>Dossier de sauvegarde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backup every (minutes)</source>
        <translation>Sauvegarde toutes les (minutes)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backups kept</source>
        <translation>Sauvegardes conservées</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Missed-waypoint penalties</source>
        <translation>Pénalités de waypoint manqué</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The first crew keyed on a stage is judged by the special&apos;s length and this range of average speeds; later ones by the others&apos; times</source>
        <translation>Le premier équipage saisi sur une étape est jugé sur la longueur de la spéciale et cette plage de vitesses moyennes&#xa0;; les suivants sur les temps des autres</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>km/h</source>
        <translation>km/h</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Usual speed, %1</source>
        <translation>Vitesse habituelle, %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>last-stage</source>
        <translation>dernière étape</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>first-stage</source>
        <translation>première étape</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>shared</source>
        <translation>ex æquo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dakar</source>
        <translation>Dakar (48h 56&apos; 53&apos;&apos;)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>plain</source>
        <translation>simple (48:56:53)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>en</source>
        <translation>anglais</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fr</source>
        <translation>français</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>en+fr</source>
        <translation>bilingue (anglais + français)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>category</source>
        <translation>catégorie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>class</source>
        <translation>classe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cup</source>
        <translation>coupe</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1: %2 is not a date (YYYY-MM-DD)</source>
        <translation>%1&#xa0;: %2 n&apos;est pas une date (AAAA-MM-JJ)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Protest window: %1 is not a whole number of minutes</source>
        <translation>Délai de réclamation&#xa0;: %1 n&apos;est pas un nombre entier de minutes</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>settings saved</source>
        <translation>paramètres enregistrés</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Usual speed of %1: key two numbers of km/h, e.g. 15 and 160</source>
        <translation>Vitesse habituelle de %1&#xa0;: saisir deux nombres de km/h, p. ex. 15 et 160</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Backups: every must be a number of minutes, kept a whole number</source>
        <translation>Sauvegardes&#xa0;: la fréquence doit être un nombre de minutes, le nombre conservé un entier</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Backup folder: %1 does not exist</source>
        <translation>Dossier de sauvegarde&#xa0;: %1 n&apos;existe pas</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>number</source>
        <translation>numéro</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>class code</source>
        <translation>code de classe</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+35"/>
        <source>name</source>
        <translation>nom</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>added %1</source>
        <translation>%1 ajouté</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>code</source>
        <translation>code</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>parent category (class, cup)</source>
        <translation>catégorie parente (classe, coupe)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Add / change</source>
        <translation>Ajouter / modifier</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>group %1 saved</source>
        <translation>%1 enregistré</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>New entry: number and class</source>
        <translation>Nouvel engagé&#xa0;: numéro et classe</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>search number, name, team… (Ctrl+F)</source>
        <translation>chercher un numéro, un nom, une équipe… (Ctrl+F)</translation>
    </message>
</context>
<context>
    <name>Stage</name>
    <message>
        <location filename="../../gui/i18n.py" line="+119"/>
        <source>Prologue</source>
        <extracomment>choices of View &gt; Language: the setting&apos;s value and the name shown (in its own language)</extracomment>
        <translation>Prologue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stage %1</source>
        <translation>Étape %1</translation>
    </message>
</context>
<context>
    <name>StartListDialog</name>
    <message>
        <location filename="../../gui/timing.py" line="-359"/>
        <source>Start list of stage %1</source>
        <translation>Ordre de départ de l&apos;étape %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>first start, e.g. 08:00:00 or 080000</source>
        <translation>premier départ, p. ex. 08:00:00 ou 080000</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>interval, e.g. 1&apos; or 0:00:30</source>
        <translation>intervalle, p. ex. 1&apos; ou 0:00:30</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Overall after the previous stage</source>
        <translation>Général après l&apos;étape précédente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This list of race numbers</source>
        <translation>Cette liste de numéros</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>race numbers in start order, e.g. 201 203 202</source>
        <translation>numéros dans l&apos;ordre de départ, p. ex. 201 203 202</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Generate</source>
        <translation>É&amp;tablir</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Print as &amp;PDF…</source>
        <translation>Imprimer en &amp;PDF…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save as E&amp;xcel…</source>
        <translation>Enregistrer en E&amp;xcel…</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+5"/>
        <source>Order</source>
        <translation>Ordre</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>No</source>
        <translation>N°</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Crew</source>
        <translation>Équipage</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start</source>
        <translation>Départ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>First start</source>
        <translation>Premier départ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interval</source>
        <translation>Intervalle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>List</source>
        <translation>Liste</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>key the race numbers in start order, separated by spaces</source>
        <translation>saisissez les numéros dans l&apos;ordre de départ, séparés par des espaces</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 start times written for stage %2</source>
        <translation>%1 heures de départ enregistrées pour l&apos;étape %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Start list</source>
        <translation>Ordre de départ</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Written %1</source>
        <translation>Écrit : %1</translation>
    </message>
</context>
<context>
    <name>TimeEntryPanel</name>
    <message>
        <location filename="../../gui/entry.py" line="+107"/>
        <source>Stage being timed (Ctrl+PgUp / Ctrl+PgDown)</source>
        <extracomment>the theme&apos;s colour of each status&apos;s badge (stage, number) after a result was durably recorded a known race number was confirmed with Enter (the views beside follow its category) the confirmation of the last recorded result: it stays until the next one the start the desk filled in from the start list or the file (replaced when the number changes) a warning&apos;s question; None (the desk&apos;s way): asked in place, under the fields — Enter again on the same fields records it, any other key corrects; no dialog takes keys</extracomment>
        <translation>Étape en cours de chronométrage (Ctrl+Page préc / Ctrl+Page suiv)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>race number</source>
        <translation>n° de course</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type the race number, then Enter</source>
        <translation>Tapez le numéro de course, puis Entrée</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>start time of day, e.g. 08:10:00 (optional)</source>
        <translation>heure de départ, ex. 08:10:00 (facultatif)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Known start time of day; with it, the time field takes the finish time of day</source>
        <translation>Heure de départ connue&#xa0;; avec elle, le champ du temps prend l&apos;heure d&apos;arrivée</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Without a start: the elapsed time — 3:07:49, 48:56:53, 3:07:49.9, 12:03.7 (min:s), 3h07&apos;49&quot;, 10&apos; 48&apos;&apos;7
With a start: the finish time of day — 14:30:12, 14:30:12.7, 143012, 01:10:00 +1 (next day)
Then Enter records it; a time already keyed asks for a reason, an unlikely one for confirmation.</source>
        <translation>Sans départ&#xa0;: le temps réalisé — 3:07:49, 48:56:53, 3:07:49.9, 12:03.7 (min:s), 3h07&apos;49&quot;, 10&apos; 48&apos;&apos;7
Avec un départ&#xa0;: l&apos;heure d&apos;arrivée — 14:30:12, 14:30:12.7, 143012, 01:10:00 +1 (lendemain)
Puis Entrée l&apos;enregistre&#xa0;; un temps déjà saisi demande un motif, un temps invraisemblable une confirmation.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>reason (for DNS/DNF/RET/DSQ/EXP)</source>
        <translation>motif (pour DNS/DNF/RET/DSQ/EXP)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>nominal time for DNS/DNF, e.g. 10:00:00 (optional)</source>
        <translation>ex. 10:00:00 (facultatif)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Record (Enter)</source>
        <translation>Enregistrer (Entrée)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No</source>
        <translation>N°</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Crew</source>
        <translation>Équipage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start</source>
        <translation>Départ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nominal</source>
        <translation>Nominal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time entry</source>
        <translation>Saisie des temps</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter: next / record · Esc: clear · Ctrl+Z: undo the last result · F5 DNS · F6 DNF · F7 RET · F8 DSQ · F9 EXP · F4 OK · Ctrl+PgUp/PgDown: stage</source>
        <translation>Entrée&#xa0;: suivant / enregistrer · Échap&#xa0;: effacer · Ctrl+Z&#xa0;: annuler le dernier résultat · F5 DNS · F6 DNF · F7 RET · F8 DSQ · F9 EXP · F4 OK · Ctrl+Page préc/suiv&#xa0;: étape</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>key a reason, then Enter</source>
        <extracomment>who looks at other desks&apos; commits (None: the only desk on its file)</extracomment>
        <translation>saisissez un motif, puis Entrée</translation>
    </message>
    <message>
        <location line="-120"/>
        <location line="+144"/>
        <source>Finish</source>
        <translation>Arrivée</translation>
    </message>
    <message>
        <location line="-144"/>
        <location line="+144"/>
        <source>Time</source>
        <translation>Temps</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>finish, e.g. 11:20:37 or 112037</source>
        <translation>arrivée, ex. 11:20:37, 112037</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>e.g. 3:08:29 or 3h08&apos;29&quot;</source>
        <translation>ex. 3:08:29, 3h08&apos;29&quot;</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>#%1 is not entered</source>
        <translation>n° %1 non engagé</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>already has %1</source>
        <translation>a déjà %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>start list: %1</source>
        <translation>ordre de départ : %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 is not a race number</source>
        <translation>%1 n&apos;est pas un numéro de course</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>race number %1 is not entered in this event</source>
        <translation>le n° %1 n&apos;est pas engagé sur cette épreuve</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>no result</source>
        <translation>aucun résultat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>↶ undone #%1 on stage %2: now %3</source>
        <translation>↶ annulé&#xa0;: n°%1 sur l&apos;étape %2&#xa0;: maintenant %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>↷ redone #%1: %2 on stage %3</source>
        <translation>↷ rétabli&#xa0;: n°%1&#xa0;: %2 sur l&apos;étape %3</translation>
    </message>
    <message>
        <location filename="../../gui/keying_flow.py" line="+165"/>
        <source>this event is open read-only: nothing was recorded</source>
        <translation>cette épreuve est ouverte en lecture seule&#xa0;: rien n&apos;a été enregistré</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>no stage: set up the event&apos;s stages first</source>
        <translation>aucune étape&#xa0;: paramétrez d&apos;abord les étapes de l&apos;épreuve</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>key a race number first</source>
        <translation>saisissez d&apos;abord un numéro de course</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>key a time (elapsed, or the finish time of day after a start)</source>
        <translation>saisissez un temps (temps réalisé, ou heure d&apos;arrivée après une heure de départ)</translation>
    </message>
    <message>
        <location line="-85"/>
        <source>not replaced: a replacement needs a reason</source>
        <translation>non remplacé&#xa0;: un remplacement exige un motif</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>Enter again records it anyway; or correct it</source>
        <extracomment>the fields as keyed (see snapshot) and the warnings already shown in place for them</extracomment>
        <translation>Entrée à nouveau l&apos;enregistre quand même&#xa0;; sinon corrigez-le</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>NOT recorded: %1 is official: a change needs a reason</source>
        <translation>NON enregistré&#xa0;: %1 est officiel&#xa0;: une modification demande un motif</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Record it anyway?</source>
        <translation>L&apos;enregistrer quand même&#xa0;?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>not recorded: %1</source>
        <translation>non enregistré&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../gui/entry.py" line="-14"/>
        <source>recorded #%1: %2 on stage %3</source>
        <translation>enregistré n° %1 : %2 sur l&apos;étape %3</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>(replaced %1)</source>
        <translation>(remplace %1)</translation>
    </message>
</context>
<context>
    <name>UnitsModel</name>
    <message>
        <location filename="../../gui/publication.py" line="-434"/>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Without a time</source>
        <translation>Sans temps</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Published</source>
        <translation>Publié</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Official</source>
        <translation>Officiel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Protest window</source>
        <translation>Délai de réclamation</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>live</source>
        <translation>en direct</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>provisional</source>
        <translation>provisoire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>official</source>
        <translation>officiel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>amended</source>
        <translation>modifié</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>outdated</source>
        <translation>périmé</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>ended</source>
        <translation>écoulé</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>%1 crews of %2 have neither a time nor a status on stage %3</source>
        <translation>%1 équipages de %2 n&apos;ont ni temps ni statut dans l&apos;étape %3</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <location filename="../../gui/timing.py" line="+14"/>
        <source>Verify stage %1: second keying</source>
        <extracomment>hook the tests replace: (question) -&gt; reason or None</extracomment>
        <translation>Vérifier l&apos;étape %1 : double saisie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the second official&apos;s name</source>
        <translation>le nom du second officiel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>race number</source>
        <translation>n° de course</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>elapsed (30749) or, with a start list, the finish (110100)</source>
        <translation>temps (30749) ou, avec un ordre de départ, l&apos;arrivée (110100)</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+13"/>
        <source>No</source>
        <translation>N°</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>First keying</source>
        <translation>Première saisie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Second keying</source>
        <translation>Seconde saisie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First by</source>
        <translation>Première par</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Second by</source>
        <translation>Seconde par</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep the &amp;first</source>
        <translation>Garder la &amp;première</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Take the &amp;second</source>
        <translation>Prendre la &amp;seconde</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Official</source>
        <translation>Officiel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time</source>
        <translation>Temps</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Key the stage again without looking at the first keying; every difference is listed below.</source>
        <translation>Ressaisissez l&apos;étape sans regarder la première saisie ; chaque écart est listé ci-dessous.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1 is not a race number</source>
        <translation>%1 n&apos;est pas un numéro de course</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>second keying of #%1 recorded</source>
        <translation>seconde saisie du n° %1 enregistrée</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Verified: both keyings agree</source>
        <translation>Vérifié : les deux saisies concordent</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 mismatch(es) to settle</source>
        <translation>%1 écart(s) à trancher</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 keyed by one official only (listed after them)</source>
        <translation>%1 saisis par un seul officiel (listés après)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>select a mismatch first</source>
        <translation>sélectionnez d&apos;abord un écart</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Settle #%1: why is this keying right?</source>
        <translation>Trancher le n° %1 : pourquoi cette saisie est-elle la bonne ?</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Settle a mismatch</source>
        <translation>Trancher un écart</translation>
    </message>
</context>
<context>
    <name>WaypointsPanel</name>
    <message>
        <location filename="../../gui/raid_setup.py" line="-159"/>
        <source>WP</source>
        <translation>WP</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>km</source>
        <translation>km</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>WPV visible, WPM masked, WPE eclipse, WPS safety, WPC control; in route order</source>
        <translation>WPV visible, WPM masqué, WPE éclipse, WPS sécurité, WPC contrôle ; dans l&apos;ordre du parcours</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add a &amp;waypoint</source>
        <translation>Ajouter un &amp;waypoint</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove the selected waypoint</source>
        <translation>Retirer le waypoint choisi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the waypoints</source>
        <translation>Enregistrer les waypoints</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Waypoints: select a stage above</source>
        <translation>Waypoints : choisissez une étape ci-dessus</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waypoints of stage %1</source>
        <translation>Waypoints de l&apos;étape %1</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>waypoints of stage %1 saved</source>
        <translation>waypoints de l&apos;étape %1 enregistrés</translation>
    </message>
</context>
<context>
    <name>Welcome</name>
    <message>
        <location filename="../../gui/welcome.py" line="+33"/>
        <source>Timing desk for cross-country rallies: key times, watch the classifications move, publish the sheets.</source>
        <translation>Poste de chronométrage des rallyes tout-terrain&#xa0;: saisissez les temps, suivez l&apos;évolution des classements, publiez les feuilles officielles.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Enter or double-click opens the event</source>
        <translation>Entrée ou double-clic ouvre l&apos;épreuve</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>New event…  (Ctrl+N)</source>
        <translation>Nouvelle épreuve…  (Ctrl+N)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Create an empty event file, then set it up</source>
        <translation>Créer un fichier d&apos;épreuve vide, puis le paramétrer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open…  (Ctrl+O)</source>
        <translation>Ouvrir…  (Ctrl+O)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open a .rallydesk event file</source>
        <translation>Ouvrir un fichier d&apos;épreuve .rallydesk</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open the Dakar 2026 demo</source>
        <translation>Ouvrir la démo Dakar 2026</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The real Dakar 2026 cars with a synthetic field; stage 11 is left to key</source>
        <translation>Les vraies autos du Dakar 2026 avec un plateau fictif&#xa0;; l&apos;étape 11 reste à saisir</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No recent events yet: create one, open a file, or try the demo.</source>
        <translation>Pas encore d&apos;épreuve récente&#xa0;: créez-en une, ouvrez un fichier ou essayez la démo.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Recent events</source>
        <translation>Épreuves récentes</translation>
    </message>
</context>
<context>
    <name>roles</name>
    <message>
        <location filename="../../gui/server_desks.py" line="-64"/>
        <source>timekeeper</source>
        <extracomment>At most this many other desks are named in the status bar (the rest counted).</extracomment>
        <translation>chronométreur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>results manager</source>
        <translation>responsable des résultats</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>clerk of the course</source>
        <translation>directeur de course</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>owner (creates the event)</source>
        <translation>propriétaire (crée l&apos;épreuve)</translation>
    </message>
</context>
</TS>
