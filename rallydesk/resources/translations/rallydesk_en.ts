<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>JournalWidget</name>
    <message numerus="yes">
        <location filename="../../gui/journal.py" line="+184"/>
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n change</numerusform>
            <numerusform>%n changes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PublicationWidget</name>
    <message numerus="yes">
        <location filename="../../gui/publication.py" line="+434"/>
        <source>Stage %1 %2, v%3 → %4: %n entries changed</source>
        <translation>
            <numerusform>Stage %1 %2, v%3 → %4: %n entry changed</numerusform>
            <numerusform>Stage %1 %2, v%3 → %4: %n entries changed</numerusform>
        </translation>
    </message>
</context>
</TS>
