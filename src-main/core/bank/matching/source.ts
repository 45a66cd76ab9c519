import type { MatchKind } from '../../../../src-shared/bank.js';
import type { BankContext } from '../context.js';
import type { TransactionRow } from '../transactions.js';

/**
 * A candidate source proposes what a bank line may pay or be, with a score
 * and the reasons a person can check, and knows how to accept and undo its
 * own kind of match. The matcher only ranks and stores; it knows no source.
 */
export interface MatchCandidate {
  readonly kind: MatchKind;
  readonly targetId: string;
  readonly label: string;
  /** 0-100. */
  readonly score: number;
  readonly reasons: readonly string[];
  /** What accepting records, in minor units of the line's currency. */
  readonly amount: bigint;
}

export interface AcceptedMatch {
  readonly label: string;
  readonly amount: bigint;
  /** What accepting created (a payment id), undone by `undo`. */
  readonly recordId: string | null;
  /** A second bank line matched together with this one (the other side of a transfer). */
  readonly counterpartLine?: number;
}

export interface StoredMatch {
  readonly id: string;
  readonly transactionId: number;
  readonly kind: MatchKind;
  readonly targetId: string;
  readonly recordId: string | null;
}

export interface MatchSource {
  readonly kind: MatchKind;
  candidates(ctx: BankContext, line: TransactionRow): MatchCandidate[];
  /** Runs inside the matcher's transaction. */
  accept(ctx: BankContext, line: TransactionRow, targetId: string): AcceptedMatch;
  /** After the match row is stored, in the same transaction (what needs the match's id, such as its ledger entry). */
  recorded?(ctx: BankContext, match: StoredMatch): void;
  undo(ctx: BankContext, match: StoredMatch): void;
}
