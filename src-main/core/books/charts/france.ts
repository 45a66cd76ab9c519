import type { ChartDefinition } from './types.js';

/**
 * PCG (plan comptable général): six-digit accounts as French small
 * businesses and their FEC use them. Form lines are those of the CA3
 * (formulaire 3310-CA3-SD, lines as renumbered in 2022), checked against
 * the DGFiP notice 3310-NOT-CA3-SD as summarised at
 * https://www.eurofiscalis.com/?p=19477 (B2 + 17 for intra-EU acquisitions,
 * A3 for services bought from a taxable person not established in France,
 * art. 283-2 CGI) and the box list of OCA/l10n-france
 * l10n_fr_account_vat_return/data/l10n.fr.account.vat.box.csv (T6
 * "France continentale, taux 2,1 %"; 11 is 2,1 % in the DOM, T4 in Corsica).
 * A seller's autoliquidated supply (sous-traitance BTP, art. 283-2 nonies;
 * B2B services to the EU) is declared without tax on E2; the buyer's tax goes
 * to 08 and is deducted on 20.
 */
export const PCG: ChartDefinition = {
  id: 'pcg',
  form: 'CA3',
  formLines: {
    A1: 'Ventes, prestations de services (A1)',
    A3: 'Achats de prestations de services auprès d’un assujetti non établi en France, art. 283-2 du CGI (A3)',
    B2: 'Acquisitions intracommunautaires (B2)',
    E2: 'Autres opérations non imposables (E2)',
    F2: 'Livraisons intracommunautaires à destination d’un assujetti (F2)',
    '08': 'Taux normal 20 %, base hors taxe (08)',
    '08 TVA': 'Taux normal 20 %, taxe due (08)',
    '9B': 'Taux réduit 10 %, base hors taxe (9B)',
    '9B TVA': 'Taux réduit 10 %, taxe due (9B)',
    '09': 'Taux réduit 5,5 %, base hors taxe (09)',
    '09 TVA': 'Taux réduit 5,5 %, taxe due (09)',
    T6: 'France continentale, taux de 2,1 %, base hors taxe (T6)',
    'T6 TVA': 'France continentale, taux de 2,1 %, taxe due (T6)',
    '16': 'Total de la TVA brute due (16)',
    '17': 'Dont TVA sur acquisitions intracommunautaires (17)',
    '20': 'Autres biens et services, TVA déductible (20)',
    '23': 'Total TVA déductible (23)',
    '25': 'Crédit de TVA, lignes 23 − 16 (25)',
    '28': 'TVA nette due (28)',
  },
  vatCodes: [
    { code: 'C20', name: 'TVA collectée 20 %', rate: '20', direction: 'output', treatment: 'standard', taxAccount: '445710', pendingAccount: '445740', reportLines: { base: 'A1,08', tax: '08 TVA' } },
    { code: 'C10', name: 'TVA collectée 10 %', rate: '10', direction: 'output', treatment: 'standard', taxAccount: '445710', pendingAccount: '445740', reportLines: { base: 'A1,9B', tax: '9B TVA' } },
    { code: 'C55', name: 'TVA collectée 5,5 %', rate: '5.5', direction: 'output', treatment: 'standard', taxAccount: '445710', pendingAccount: '445740', reportLines: { base: 'A1,09', tax: '09 TVA' } },
    { code: 'C21', name: 'TVA collectée 2,1 %', rate: '2.1', direction: 'output', treatment: 'standard', taxAccount: '445710', pendingAccount: '445740', reportLines: { base: 'A1,T6', tax: 'T6 TVA' } },
    { code: 'EXO', name: 'Opérations exonérées', rate: '0', direction: 'output', treatment: 'exempt', reportLines: { base: 'E2' } },
    { code: 'AL', name: 'Autoliquidation (TVA due par le preneur)', rate: '0', direction: 'output', treatment: 'reverse_charge', reportLines: { base: 'E2' } },
    { code: 'LIC', name: 'Livraison intracommunautaire', rate: '0', direction: 'output', treatment: 'intra_eu', reportLines: { base: 'F2' } },
    { code: 'D20', name: 'TVA déductible 20 %', rate: '20', direction: 'input', treatment: 'standard', taxAccount: '445660', reportLines: { tax: '20' } },
    { code: 'D10', name: 'TVA déductible 10 %', rate: '10', direction: 'input', treatment: 'standard', taxAccount: '445660', reportLines: { tax: '20' } },
    { code: 'D55', name: 'TVA déductible 5,5 %', rate: '5.5', direction: 'input', treatment: 'standard', taxAccount: '445660', reportLines: { tax: '20' } },
    { code: 'DAL', name: 'Autoliquidation, services intracommunautaires 20 %', rate: '20', direction: 'input', treatment: 'reverse_charge', taxAccount: '445660', owedAccount: '445200', reportLines: { base: 'A3,08', owed: '08 TVA', tax: '20' } },
    { code: 'AIC', name: 'Acquisition intracommunautaire 20 %', rate: '20', direction: 'input', treatment: 'intra_eu', taxAccount: '445660', owedAccount: '445200', reportLines: { base: 'B2,08', owed: '08 TVA', tax: '20' } },
  ],
  accounts: [
    ['101000', 'Capital', 'equity'],
    ['108000', 'Compte de l’exploitant', 'equity'],
    ['110000', 'Report à nouveau', 'equity', undefined, 'retained'],
    ['218300', 'Matériel de bureau et matériel informatique', 'asset'],
    ['401000', 'Fournisseurs', 'liability', undefined, 'payable'],
    ['411000', 'Clients', 'asset', undefined, 'receivable'],
    ['445200', 'TVA due intracommunautaire', 'liability'],
    ['445510', 'TVA à décaisser', 'liability'],
    ['445660', 'TVA déductible sur autres biens et services', 'asset', undefined, 'vat_input'],
    ['445710', 'TVA collectée', 'liability', undefined, 'vat_output'],
    ['445740', 'TVA collectée sur encaissements, en attente', 'liability'],
    ['512000', 'Banque', 'asset', undefined, 'bank'],
    ['530000', 'Caisse', 'asset', undefined, 'cash'],
    ['601000', 'Achats stockés, matières premières', 'expense', 'D20'],
    ['606100', 'Fournitures non stockables (eau, énergie)', 'expense', 'D20'],
    ['606400', 'Fournitures administratives', 'expense', 'D20', 'expense'],
    ['613200', 'Locations immobilières', 'expense', 'D20'],
    ['616000', 'Primes d’assurance', 'expense'],
    ['622600', 'Honoraires', 'expense', 'D20'],
    ['623000', 'Publicité, publications, relations publiques', 'expense', 'D20'],
    ['625100', 'Voyages et déplacements', 'expense', 'D10'],
    ['625700', 'Réceptions', 'expense', 'D10'],
    ['626000', 'Frais postaux et de télécommunications', 'expense', 'D20'],
    ['627000', 'Services bancaires et assimilés', 'expense'],
    ['641000', 'Rémunérations du personnel', 'expense'],
    ['645000', 'Charges de sécurité sociale et de prévoyance', 'expense'],
    ['661000', 'Charges d’intérêts', 'expense'],
    ['706000', 'Prestations de services', 'income', 'C20', 'revenue'],
    ['706100', 'Prestations de services à 10 %', 'income', 'C10'],
    ['707000', 'Ventes de marchandises à 5,5 %', 'income', 'C55'],
    ['707100', 'Ventes de marchandises à 2,1 %', 'income', 'C21'],
    ['706200', 'Prestations exonérées', 'income', 'EXO'],
    ['706300', 'Prestations en autoliquidation', 'income', 'AL'],
    ['707200', 'Livraisons intracommunautaires', 'income', 'LIC'],
    ['890000', 'Bilan d’ouverture', 'equity', undefined, 'opening'],
  ],
};
