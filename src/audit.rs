//! Auditing a transcript offline, years later, without any private key:
//! read it record by record, verify every card, statement (with the proofs
//! it carries) and token against the cards the transcript declares (and, if
//! the auditor pins a set, only cards it trusts), and run the validator.
//!
//! SPEC.md section "Auditing a transcript". A record that does not verify
//! makes the whole transcript unverifiable: the audit stops with a
//! [`TranscriptError`] naming the record, rather than reporting on a
//! sequence that may have been tampered with.

use std::io::Read;

use crate::Verified;
use crate::ids::{PartyId, StatementId, UnixTime};
use crate::keys::{CardLookup, CardSet, PartyCard};
use crate::message::Kind;
use crate::transcript::{Record, TranscriptError, TranscriptReader};
use crate::validate::{Policy, Report, Validator};

/// What one record of an audited transcript was, for timelines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Record index (from 0, after the header).
    pub index: usize,
    /// What the record is.
    pub what: EntryKind,
    /// Signing time (statements), attested time (tokens), card time (cards).
    pub time: UnixTime,
    /// The signer.
    pub from: PartyId,
    /// The addressee (statements only).
    pub to: Option<PartyId>,
}

/// The type of an audited record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A party card, with the party's name.
    Card(String),
    /// A statement of this kind, with its id.
    Statement(Kind, StatementId),
    /// A time-stamp token for this statement, with its serial.
    Token(StatementId, u64),
}

/// The cards a transcript declares, checked against the auditor's pins.
struct Cards<'a> {
    declared: CardSet,
    trusted: Option<&'a CardSet>,
}

impl CardLookup for Cards<'_> {
    fn card(&self, id: &PartyId) -> Option<&PartyCard> {
        self.declared.card(id).or_else(|| self.trusted.and_then(|t| t.card(id)))
    }
}

/// Audits the transcript read from `input`: every record is verified, then
/// fed to a [`Validator`] under `policy`; `on_entry` sees each record as it
/// is verified (for a timeline or progress), so memory does not grow with
/// the transcript.
///
/// `trusted`, if given, is the set of cards the auditor trusts: a declared
/// card outside it makes the transcript unverifiable, and a card it holds
/// need not be declared.
pub fn audit<R: Read>(
    input: R,
    trusted: Option<&CardSet>,
    policy: Policy,
    mut on_entry: impl FnMut(&Entry),
) -> Result<Report, TranscriptError> {
    let mut reader = TranscriptReader::new(input)?;
    let mut validator = Validator::new(reader.contract().clone(), policy);
    let mut cards = Cards {
        declared: CardSet::new(),
        trusted,
    };
    if let Some(t) = trusted {
        for c in t.iter() {
            validator.card(c);
        }
    }
    while let Some((index, record)) = reader.next_record()? {
        match record {
            Record::Card(card) => {
                let party = card.id();
                if let Some(t) = trusted {
                    if t.card(&party) != Some(&card) {
                        return Err(TranscriptError::Untrusted { index, party });
                    }
                }
                if !cards.declared.insert(card.clone()) {
                    return Err(TranscriptError::CardConflict { index, party });
                }
                on_entry(&Entry {
                    index,
                    what: EntryKind::Card(card.name().to_owned()),
                    time: card.created(),
                    from: party,
                    to: None,
                });
                validator.card(&card);
            }
            Record::Statement(s) => {
                let s: Verified<_> = s
                    .verify(&cards)
                    .map_err(|error| TranscriptError::Unverifiable { index, error })?;
                on_entry(&Entry {
                    index,
                    what: EntryKind::Statement(s.kind(), s.id()),
                    time: s.time(),
                    from: s.sender(),
                    to: Some(s.recipient()),
                });
                validator.statement(index, &s);
            }
            Record::Token(t) => {
                let t = t
                    .verify(&cards)
                    .map_err(|error| TranscriptError::Unverifiable { index, error })?;
                on_entry(&Entry {
                    index,
                    what: EntryKind::Token(t.imprint(), t.serial()),
                    time: t.time(),
                    from: t.authority(),
                    to: None,
                });
                validator.token(index, &t);
            }
        }
    }
    Ok(validator.finish())
}
