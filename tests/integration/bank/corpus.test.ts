import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importStatement } from '../../../src-main/core/bank/importer.js';
import { StatementRefusedError } from '../../../src-main/core/bank/parsers/index.js';
import { CORPUS, newAccount, openTestVault } from './setup.js';

/**
 * Every file of the real-world corpus (../shared/fixtures/bank-samples, see
 * its SOURCES.md): it imports with the expected number of new lines, rows
 * rejected with their line numbers and reconciliation verdicts per
 * statement, or it is refused with a specific error. The sample banks'
 * balances often do not add up (they are trimmed test files): the verdicts
 * below were checked by hand against the files.
 */
type Expected =
  | { readonly currency?: string; readonly new: number; readonly rejected: number; readonly reconciled: readonly boolean[] }
  | { readonly currency?: string; readonly refused: RegExp };

const EXPECTED: Readonly<Record<string, Expected>> = {
  'camt/actual_camt052_v08_latin1.xml': { new: 2, rejected: 0, reconciled: [] },
  'camt/genkgo_camt053_v02_all_balance_types.xml': { new: 1, rejected: 0, reconciled: [false] },
  'camt/genkgo_camt053_v02_five_decimals.xml': { new: 1, rejected: 0, reconciled: [false] },
  'camt/genkgo_camt053_v02_multi_statement.xml': { new: 2, rejected: 0, reconciled: [true,true] },
  'camt/genkgo_camt053_v02_only_Dt_with_DtTm.xml': { new: 0, rejected: 0, reconciled: [true] },
  'camt/genkgo_camt053_v02_with_party_ids_utf8.xml': { new: 1, rejected: 0, reconciled: [false] },
  'camt/genkgo_camt053_v02_wrong.xml': { refused: /This CAMT message holds no statement .no/ },
  'camt/genkgo_camt053_v03.xml': { new: 1, rejected: 0, reconciled: [false] },
  'camt/genkgo_camt053_v04.xml': { new: 1, rejected: 0, reconciled: [false] },
  'camt/genkgo_camt053_v08.xml': { new: 1, rejected: 0, reconciled: [false] },
  'camt/genkgo_camt054_v08_3txdtls.xml': { currency: 'SEK', new: 3, rejected: 0, reconciled: [] },
  'camt/iso20022_ch_camt053_v02_ccy_XXX_crlf.xml': { new: 5, rejected: 0, reconciled: [false] },
  'camt/iso20022_raiffeisen_ch_camt053_v04.xml': { currency: 'CHF', new: 16, rejected: 0, reconciled: [true] },
  'camt/oca_camt053_two_files.zip': { new: 6, rejected: 0, reconciled: [false,false] },
  'camt/oca_camt053_v02_3ntry_4txdtls.xml': { new: 4, rejected: 0, reconciled: [false] },
  'camt/oca_camt053_v04_batch_txdtls.xml': { currency: 'CHF', new: 2, rejected: 0, reconciled: [true] },
  'camt/oca_camt053_v04_no_ntry.xml': { new: 0, rejected: 0, reconciled: [true] },
  'camt/viafintech_camt053_stuzza_nonstd_namespace.xml': { new: 3, rejected: 0, reconciled: [true] },
  'camt/viafintech_camt053_v02_ing_btch_no_txdtls.xml': { new: 3, rejected: 0, reconciled: [false] },
  'csv/actual_windows1252_euro.csv': { new: 1, rejected: 0, reconciled: [] },
  'csv/oca_meta_header_debit_credit_footer.csv': { new: 4, rejected: 0, reconciled: [false] },
  'csv/reckon_at_austrian.csv': { new: 13, rejected: 0, reconciled: [] },
  'csv/reckon_br_latin1_crlf.csv': { currency: 'BRL', new: 22, rejected: 0, reconciled: [true] },
  'csv/reckon_dmy_mon_dates.csv': { currency: 'AUD', new: 5, rejected: 0, reconciled: [] },
  'csv/reckon_fr_bank_semicolon.csv': { new: 9, rejected: 0, reconciled: [] },
  'csv/reckon_fr_preamble_excel_formula.csv': { new: 2, rejected: 0, reconciled: [] },
  'csv/reckon_nl_ing_af_bij.csv': { new: 3, rejected: 0, reconciled: [] },
  'csv/reckon_nz_inversed_credit_card.csv': { currency: 'NZD', new: 16, rejected: 0, reconciled: [] },
  'csv/reckon_paypal_bom_utf8.csv': { currency: 'USD', new: 1, rejected: 0, reconciled: [] },
  'csv/reckon_tab_delimited.csv': { new: 2, rejected: 0, reconciled: [] },
  'csv/reckon_uk_nationwide_pound.csv': { currency: 'GBP', new: 4, rejected: 0, reconciled: [] },
  'csv/reckon_us_chase.csv': { currency: 'USD', new: 9, rejected: 0, reconciled: [] },
  'csv/reckon_us_suntrust.csv': { currency: 'USD', new: 7, rejected: 0, reconciled: [] },
  'csv/reckon_us_two_money_columns.csv': { currency: 'USD', new: 5, rejected: 0, reconciled: [] },
  'csv/reckon_venmo_multiline_field.csv': { currency: 'USD', new: 1, rejected: 0, reconciled: [] },
  'csv/rf_de_commerzbank_bom_crlf.csv': { new: 5, rejected: 0, reconciled: [] },
  'csv/rf_de_deutsche_bank_soll_haben.csv': { new: 2, rejected: 0, reconciled: [true] },
  'csv/rf_de_dkb_bom_broken_quote.csv': { new: 7, rejected: 1, reconciled: [true] },
  'csv/rf_de_gls_bank_bom_crlf.csv': { new: 18, rejected: 0, reconciled: [] },
  'csv/rf_de_postbank_bom_crlf_excel_sci.csv': { new: 56, rejected: 0, reconciled: [true] },
  'csv/rf_de_sparkasse_csv_camt_v2.csv': { new: 10, rejected: 0, reconciled: [] },
  'csv/rf_de_sparkasse_csv_mt940.csv': { new: 10, rejected: 0, reconciled: [] },
  'csv/rf_de_targobank_noheader_dotdecimal.csv': { new: 11, rejected: 0, reconciled: [] },
  'csv/rf_de_vr_teilhaberbank_bom_crlf.csv': { new: 5, rejected: 0, reconciled: [] },
  'mt940/actual_mixed_86_styles_utf8.sta': { new: 6, rejected: 0, reconciled: [true] },
  'mt940/oca_ing_nl_swift_blocks.940': { new: 8, rejected: 0, reconciled: [true] },
  'mt940/oca_rabo_structured86.swi': { new: 2, rejected: 0, reconciled: [true,true,true,true] },
  'mt940/rf_vr_teilhaberbank_de_crlf.mta': { new: 5, rejected: 0, reconciled: [true,true,true] },
  'mt940/wolph_asnb_swift_blocks.940': { new: 8, rejected: 0, reconciled: [true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true] },
  'mt940/wolph_betterplace_sepa_mt9401_de.sta': { new: 97, rejected: 0, reconciled: [true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true] },
  'mt940/wolph_betterplace_sepa_snippet_broken.sta': { new: 1, rejected: 0, reconciled: [false] },
  'mt940/wolph_betterplace_with_binary_character.sta': { new: 4, rejected: 0, reconciled: [true,true] },
  'mt940/wolph_cmxl_mt940_dem.sta': { new: 2, rejected: 2, reconciled: [true] },
  'mt940/wolph_jejik_abnamro.sta': { new: 10, rejected: 0, reconciled: [false,false] },
  'mt940/wolph_jejik_ing_nl.sta': { new: 7, rejected: 0, reconciled: [false] },
  'mt940/wolph_jejik_postfinance_ch.sta': { currency: 'CHF', new: 4, rejected: 0, reconciled: [true,false] },
  'mt940/wolph_jejik_rabobank_legacy.sta': { new: 5, rejected: 0, reconciled: [false,false,false,true] },
  'mt940/wolph_jejik_triodos.sta': { new: 2, rejected: 0, reconciled: [false] },
  'mt940/wolph_mbank_pl_mt942.sta': { currency: 'PLN', new: 3, rejected: 0, reconciled: [] },
  'mt940/wolph_mbank_pl_soh_etx.sta': { currency: 'PLN', new: 3, rejected: 0, reconciled: [true] },
  'mt940/wolph_sberbank_hu_NS_crlf.sta': { currency: 'HUF', new: 3, rejected: 0, reconciled: [true] },
  'mt940/wolph_self_february_30_crlf.sta': { new: 0, rejected: 1, reconciled: [false] },
  'mt940/wolph_self_malformed_details.sta': { new: 1, rejected: 0, reconciled: [false] },
  'mt940/wolph_self_raiffeisen_hu_cp852.sta': { currency: 'HUF', new: 7, rejected: 0, reconciled: [false] },
  'mt940/wolph_self_sparkassen_split_tag.sta': { new: 1, rejected: 0, reconciled: [] },
  'ofx/actual_bofa_multi_decimal_v102.ofx': { currency: 'USD', new: 2, rejected: 0, reconciled: [] },
  'ofx/oca_ofx_v211_bank_plus_cc.ofx': { currency: 'USD', new: 4, rejected: 0, reconciled: [true,true] },
  'ofx/oca_ofx_v211_commented_out_fields.ofx': { currency: 'USD', new: 3, rejected: 1, reconciled: [true,true] },
  'ofx/ofxparse_anz_creditcard_v203_xml.ofx': { currency: 'AUD', new: 1, rejected: 0, reconciled: [true] },
  'ofx/ofxparse_checking_v102_sgml.ofx': { currency: 'USD', new: 3, rejected: 0, reconciled: [true] },
  'ofx/ofxparse_empty_tags_v102.ofx': { new: 1, rejected: 0, reconciled: [] },
  'ofx/ofxparse_error_message_v211.ofx': { refused: /The bank sent an error instead of a stat/ },
  'ofx/ofxparse_fail_date_missing_noheader.ofx': { currency: 'USD', new: 0, rejected: 3, reconciled: [true] },
  'ofx/ofxparse_fail_decimal_dollar_sign.ofx': { currency: 'CAD', new: 0, rejected: 1, reconciled: [true] },
  'ofx/ofxparse_multiple_accounts_v211_xml.ofx': { currency: 'USD', new: 0, rejected: 0, reconciled: [true,true] },
  'ofx/ofxparse_suncorp_v200_xml_crlf.ofx': { currency: 'AUD', new: 1, rejected: 0, reconciled: [true] },
  'ofx/ofxparse_vanguard_invest_bare_cr.ofx': { refused: /This is an investment .brokerage. statem/ },
  'qfx/actual_charset1252_cafe_euro.qfx': { currency: 'CAD', new: 1, rejected: 0, reconciled: [true] },
  'qfx/actual_html_entities_compact.qfx': { currency: 'CAD', new: 2, rejected: 0, reconciled: [true] },
  'qif/actual_qif_with_categories.qif': { currency: 'USD', new: 3, rejected: 0, reconciled: [] },
  'qif/oca_qif_dmy.qif': { new: 5, rejected: 0, reconciled: [] },
  'qif/oca_qif_mdy_thousands.qif': { currency: 'USD', new: 5, rejected: 0, reconciled: [] },
  'qif/oca_qif_ymd.qif': { new: 5, rejected: 0, reconciled: [] },
  'qif/quiffen_finanzmanager_de_classes_cats_splits.qif': { new: 1, rejected: 0, reconciled: [true] },
  'qif/quiffen_split_legacy_apostrophe_date.qif': { new: 1, rejected: 0, reconciled: [] },
  'qif/rf_targobank_de_ddmmyy_crlf.qif': { new: 10, rejected: 0, reconciled: [] },
};

describe('the real-world corpus', () => {
  const vault = openTestVault();
  afterAll(() => vault.close());
  const files = ['camt', 'csv', 'mt940', 'ofx', 'qfx', 'qif'].flatMap((dir) => readdirSync(join(CORPUS, dir)).map((f) => `${dir}/${f}`));

  it('has all 86 files and an expectation for each', () => {
    expect(files).toHaveLength(86);
    expect(Object.keys(EXPECTED).sort()).toEqual([...files].sort());
  });

  it.each(files)('%s', (file) => {
    const expected = EXPECTED[file];
    if (!expected) throw new Error(`No expectation for ${file}`);
    const accountId = newAccount(vault.ctx, file, expected.currency ? { currency: expected.currency } : {});
    const bytes = readFileSync(join(CORPUS, file));
    const run = () => importStatement(vault.ctx, { accountId, fileName: file, bytes });
    if ('refused' in expected) {
      expect(run).toThrow(StatementRefusedError);
      expect(run).toThrow(expected.refused);
      return;
    }
    const result = run();
    expect({ new: result.new, rejected: result.rejected.length, reconciled: result.reconciliation.map((n) => n.ok) }).toEqual({
      new: expected.new,
      rejected: expected.rejected,
      reconciled: expected.reconciled,
    });
    for (const rejection of result.rejected) expect(rejection.message.length).toBeGreaterThan(10);
    // The same file again adds nothing and says so.
    const again = run();
    expect(again).toMatchObject({ new: 0, duplicates: expected.new, alreadyImported: true });
  });
});
