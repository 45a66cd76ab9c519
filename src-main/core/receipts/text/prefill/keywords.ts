/**
 * Keywords matched on folded lines (upper case, accents removed), EN/DE/FR,
 * plus the Malaysian receipt wording of the SROIE test set (GST, RM).
 */

/** A line that states what is to be paid. */
export const TOTAL_KEYWORD =
  /\b(GRAND ?TOTAL|TOTAL|TOTALE|AMOUNT DUE|BALANCE DUE|AMOUNT PAYABLE|TOTAL DUE|NETT? AMOUNT|SUMME|GESAMT\w*|ZU ZAHLEN|ENDBETRAG|ZAHLBETRAG|BETRAG|NET A PAYER|A PAYER|MONTANT\w*)\b/;

/** Lines that look like a total but are not the amount paid: parts, counts, net, tax-only, change. */
export const NOT_A_TOTAL =
  /\b(SUB ?-?TOTAL|ZWISCHENSUMME|SOUS ?-?TOTAL|TOTAL (QTY|QUANTITY|ITEMS?|ITEM\(S\)|ARTICLES?|UNITS?|DISCOUNTS?|SAVINGS?|SAVED|POINTS?)|ANZAHL|EXC\w*|EXCLUDING|EXCLUSIVE|OHNE|HORS|HT|NETTO|TIPS?|CHANGE|RUCKGELD|RENDU|MONNAIE|TENDERED|GEGEBEN)\b/;

export const VAT_KEYWORD = /\b(VAT|MWST|MWST\.?-?\w*|UST|UST\.?-?\w*|MEHRWERTSTEUER|UMSATZSTEUER|TVA|T\.V\.A|GST|SST|TAX|STEUER)\b/;

/** A price "including VAT" line names the tax but is a total, not the tax amount. */
export const INCLUDING_VAT = /\b(INCL\w*|INKL\w*|INCLUSIVE|INCLUDING|TTC|BRUTTO)\b/;

/** A net amount line: "Total (excl. VAT)", "Summe netto", "Total HT". */
export const EXCLUDING_VAT = /\b(EXC\w*|EXCLUDING|EXCLUSIVE|OHNE|HORS|HT|NETTO|NET)\b/;
