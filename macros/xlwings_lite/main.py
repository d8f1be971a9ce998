"""Validera-knappen i xlwings Lite: klistra in den här filen i fliken main.py i Lite-redigeraren.

Knappen är en figur som heter ValideraKnapp och ligger över cellen Aktivitetsplan!A3 med en länk
till just den cellen (se macros/README.md). När cellen väljs kör Lite funktionen validera nedan,
som gör samma kontroll som kfworkbook på HR:s dator och markerar resultatet i arbetsboken.

Adressen i button= måste stämma med kfworkbook.columns (SHEET_PLAN och VALIDERA_CELL); kfworkbooks
tester kontrollerar det.
"""

import tomllib

import xlwings as xw
from xlwings import script

from kfworkbook.config import parse_config
from kfworkbook.excel import show_error, validate_book

# Förvaltningens konfiguration: klistra in hela innehållet i er kfworkbook.toml mellan citattecknen.
# Tom text betyder att kfworkbooks inbyggda standardkonfiguration används.
KONFIGURATION = """
"""


@script(button="[ValideraKnapp]Aktivitetsplan!A3", show_taskpane=True)
def validera(book: xw.Book):
    """Kontrollera planen i den öppna arbetsboken och markera fel och varningar."""
    try:
        config = parse_config(tomllib.loads(KONFIGURATION), "main.py") if KONFIGURATION.strip() else None
        validate_book(book, config)
    except Exception as exc:  # chefen ska få en begriplig ruta, inte en felsökningsutskrift
        show_error(book, exc)
