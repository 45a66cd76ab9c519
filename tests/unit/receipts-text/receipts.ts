/** Receipt texts as a till or a PDF prints them, in the three languages the app reads. */

export const GERMAN_SUPERMARKET = `REWE Markt GmbH
Hauptstraße 12
10115 Berlin
Tel. 030 1234567
UID Nr.: DE812706034

Bio Vollmilch 3,8%          1,29 B
Roggenbrot                  2,49 B
Wein Riesling               6,99 A
Pfand                       0,25 A
--------------------------------
Zwischensumme              11,02
SUMME                EUR   11,02
Geg. Bar             EUR   20,00
Rückgeld             EUR    8,98

Steuer    %     Netto    Steuer   Brutto
A=       19,0%   6,08     1,16     7,24
B=        7,0%   3,53     0,25     3,78
Gesamtbetrag     9,61     1,41    11,02

Datum: 03.12.2026   Uhrzeit: 10:15:22
Bon-Nr.: 4711
`;

export const FRENCH_RESTAURANT = `Le Petit Zinc SARL
12 rue de la Paix
75002 Paris
SIRET 552 081 317 00018
N° TVA intracom : FR 03 552081317

Le 3 déc. 2026 à 12h45
Table 7    Couverts 2

2 Menu du jour          38,00
1 Carafe de vin         14,50
1 Café                   2,50

Total HT                 50,00
TVA 10,00 %               5,00
TOTAL TTC                55,00 €
Payé par carte bancaire
Merci de votre visite !
`;

export const ENGLISH_SHOP = `TAX INVOICE
Harbour Books Ltd
14 High Street, Bristol BS1 2AW
VAT Reg No: GB 123 4567 89

Date: 14 Nov 2026  16:02
1 x Field Guide to Birds    24.99
1 x Notebook A5              5.00
Subtotal                    29.99
VAT 20%                      5.00
TOTAL                      £29.99
Card                        29.99
Visa **** 1234
Thank you for shopping with us
`;

/** As OCR reads a Malaysian till receipt (SROIE style): rounding to 5 sen, cash and change. */
export const MALAYSIAN_OCR = `tan woon yann
MR D.I.Y. (M) SDN BHD
(CO.REG : 860671-D)
LOT 1851-A & 1851-B, JALAN KPB 6,
GST ID NO : 000306020352
-INVOICE-
Total Qty: 4
Total Sales (Excluding GST) 29.15
Total GST 1.75
Total RM 30.92
ROUNDING ADJUSTMENT -RM 0.02
CASH RM 50.00
CHANGE RM 19.10
18-11-18 19:08 SH01 ZK04
`;
