Attribute VB_Name = "Validera"
' Validera-knappen i kompetensförsörjningsplanen (klassisk xlwings med RunPython).
'
' Kräver på datorn: Python med kfworkbook och xlwings (pip install "kfworkbook[excel]")
' och xlwings-tillägget i Excel (xlwings addin install). I VBA-redigeraren ska
' Verktyg > Referenser ha en bock för xlwings, annars känns RunPython inte igen.
'
' Knappen (en figur över cellen Aktivitetsplan!A3) kopplas till makrot Validera.
' Python läser planen ur den öppna arbetsboken, markerar fel i rött och varningar i gult,
' skriver status i B3 och listar allt på fliken Valideringsresultat.
' Filen på disken ändras inte förrän användaren själv sparar.
'
' Filen är sparad i Windows-1252 med CRLF-radslut, som VBA-redigeraren vill ha vid import.
Option Explicit

Public Sub Validera()
    ' Kör valideringen i Python; fel visas i en meddelanderuta, aldrig som felsökningsdialog.
    RunPython "import kfworkbook.excel; kfworkbook.excel.main()"
End Sub
