//! RFC 3161 evidence and X.509 identities in the validator (SPEC.md 7.1,
//! 11.1, 18.3): the statement an RFC 3161 token stamps, the token as
//! evidence of when it existed, and the findings of certificates checked at
//! those times.

use super::Validator;
use super::rules::Rule;
use crate::ids::{PartyId, StatementId, UnixTime};
use crate::rfc3161::MessageImprint;
use crate::statement::Statement;

/// A statement as identity checks see it: who signed it, where, and when
/// it is proven to have existed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Signed {
    /// The signer.
    pub signer: PartyId,
    /// Its record.
    pub index: usize,
    /// The statement.
    pub id: StatementId,
    /// Its earliest valid time-stamp's time, or failing that its signing
    /// time.
    pub proven: UnixTime,
    /// Whether `proven` comes from a time-stamp.
    pub stamped: bool,
}

impl Validator {
    /// Notes a statement's RFC 9921 `3161-ctt` imprint, so that an RFC 3161
    /// token can find it.
    pub(crate) fn note_imprint(&mut self, s: &Statement) {
        if let Some(ctt) = &mut self.ctt {
            ctt.insert(*MessageImprint::for_statement(s).digest(), s.id());
        }
    }

    /// Keeps each statement's `3161-ctt` imprint from now on, so that RFC
    /// 3161 tokens can find what they stamp (an audit with time-stamping
    /// roots).
    pub(crate) fn with_rfc3161_imprints(mut self) -> Validator {
        self.ctt.get_or_insert_with(Default::default);
        self
    }

    /// The statement whose `3161-ctt` imprint is `digest`, if it is in the
    /// transcript so far.
    pub(crate) fn imprinted(&self, digest: &[u8; 32]) -> Option<StatementId> {
        self.ctt.as_ref()?.get(digest).copied()
    }

    /// Takes a verified RFC 3161 token (record `index`, DER `der`, time
    /// `time`) as evidence that `target` existed then (SPEC.md 18.3: the
    /// same as a token of the crate's own format, except that its authority
    /// is established by the auditor's time-stamping trust anchors, not by
    /// a card). A token of a statement that waits for others waits with it.
    pub(crate) fn rfc3161_stamp(&mut self, index: usize, target: StatementId, time: UnixTime, der: &[u8]) {
        let hash = super::evidence::short_hash(der);
        if self.idx.get(&target).is_none() {
            if self.rfc3161_waiting.len() < super::MAX_WAITING {
                self.rfc3161_waiting.push((index, target, time, hash));
            } else {
                self.find(
                    Rule::ChainDangling,
                    index,
                    Some(target),
                    "the RFC 3161 token stamps a statement that waits, and too many tokens wait already".into(),
                );
            }
            return;
        }
        self.take_rfc3161(index, target, time, hash);
    }

    /// Applies the RFC 3161 tokens whose statement has now been taken in.
    pub(crate) fn rfc3161_ready(&mut self) {
        if self.rfc3161_waiting.is_empty() {
            return;
        }
        let waiting = std::mem::take(&mut self.rfc3161_waiting);
        for (index, target, time, hash) in waiting {
            if self.idx.get(&target).is_some() {
                self.take_rfc3161(index, target, time, hash);
            } else {
                self.rfc3161_waiting.push((index, target, time, hash));
            }
        }
    }

    /// At the end: the RFC 3161 tokens whose statement never came in.
    pub(crate) fn rfc3161_dangling(&mut self) {
        for (index, target, _, _) in std::mem::take(&mut self.rfc3161_waiting) {
            self.find(
                Rule::ChainDangling,
                index,
                Some(target),
                "the RFC 3161 token stamps a statement that waits for a statement not in the transcript".into(),
            );
        }
    }

    fn take_rfc3161(&mut self, index: usize, target: StatementId, time: UnixTime, hash: [u8; 16]) {
        let Some(entry) = self.idx.get(&target).copied() else {
            return;
        };
        self.tokens += 1;
        if !self.tokens_seen.insert(hash) {
            return;
        }
        let skew = self.policy.clock_skew;
        if time.plus(skew) < entry.time {
            self.find(
                Rule::TimeSkew,
                index,
                Some(target),
                format!(
                    "the RFC 3161 token's time {time} is before the stamped statement was signed ({})",
                    entry.time
                ),
            );
        }
        if let Some(e) = self.idx.get_mut(&target) {
            e.stamped(time);
        }
    }

    /// Every statement taken in (carried proofs included), with its signer
    /// and the time it is proven to have existed.
    pub(crate) fn signed(&self) -> Vec<Signed> {
        let mut out: Vec<Signed> = self
            .idx
            .entries()
            .map(|(id, e)| Signed {
                // A successor's statement is the successor's key's.
                signer: self
                    .signed_by
                    .get(id)
                    .copied()
                    .unwrap_or_else(|| self.idx.party(e.sender)),
                index: e.index as usize,
                id: *id,
                proven: e.token().unwrap_or(e.time),
                stamped: e.token().is_some(),
            })
            .collect();
        // The authorities of the crate's own tokens sign too, at the
        // token's time.
        out.extend(self.stamps.iter().map(|(index, authority, imprint, time)| Signed {
            signer: *authority,
            index: *index,
            id: *imprint,
            proven: *time,
            stamped: true,
        }));
        out.sort_by_key(|s| (s.index, s.id));
        out
    }
}
