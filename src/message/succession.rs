//! Key succession (SPEC.md section 9.6): a party retires its signing key and
//! names the key that acts for it from then on.

use serde::{Deserialize, Serialize};

use super::{Body, check_opt_text, e, opt_text, opt_text_entry, party, party_value};
use crate::cbor::{Fields, Value};
use crate::error::DecodeError;
use crate::ids::PartyId;

/// A key retirement (kind 16), signed with the key it retires. From its
/// signing time on, the retiring key signs nothing more in the contract;
/// the successor, whose card the transcript holds, acts in every role the
/// retiring key held, and every party id naming the retired key (in the
/// terms, a document, a collection instruction, a header) is read as the
/// same party.
///
/// ```cddl
/// key-retirement = { "successor": party-id, ? "note": tstr }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyRetirement {
    /// The party id of the successor's card.
    pub successor: PartyId,
    /// Why the key is retired, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Body for KeyRetirement {
    const WHAT: &'static str = "key-retirement";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        let mut m = vec![e("successor", party_value(&self.successor))];
        opt_text_entry(&mut m, "note", &self.note);
        m
    }
    fn decode(f: &mut Fields) -> Result<KeyRetirement, DecodeError> {
        Ok(KeyRetirement {
            successor: party(f, "successor")?,
            note: opt_text(f, "note")?,
        })
    }
    fn check(&self) -> Result<(), DecodeError> {
        check_opt_text(&self.note, "note")
    }
}

use super::{Message, PaymentClause, Terms, TermsChanges};

fn map_clause(c: &mut PaymentClause, f: &dyn Fn(PartyId) -> PartyId) {
    c.buyer_bank = c.buyer_bank.map(f);
    c.seller_bank = c.seller_bank.map(f);
}

fn map_terms(t: &mut Terms, f: &dyn Fn(PartyId) -> PartyId) {
    t.seller = f(t.seller);
    t.buyer = f(t.buyer);
    map_clause(&mut t.payment, f);
    for d in &mut t.documents {
        d.issuer = f(d.issuer);
    }
}

fn map_changes(c: &mut TermsChanges, f: &dyn Fn(PartyId) -> PartyId) {
    if let Some(p) = &mut c.payment {
        map_clause(p, f);
    }
    for d in c.documents.iter_mut().flatten() {
        d.issuer = f(d.issuer);
    }
}

impl Message {
    /// Replaces every party id the body names by `f` of it (SPEC.md 18.2:
    /// a successor's id is read as its predecessor's). Carried proofs are
    /// mapped by the caller, which owns the statement type.
    pub(crate) fn map_party_ids(&mut self, f: &dyn Fn(PartyId) -> PartyId) {
        match self {
            Message::Offer(o) | Message::CounterOffer(o) => map_terms(&mut o.terms, f),
            Message::Acceptance(a) => {
                if let Some(c) = &mut a.changes {
                    map_changes(c, f);
                }
            }
            Message::ServiceProof(p) => p.document.issued_to = f(p.document.issued_to),
            Message::CollectionInstruction(c) => c.presenting_bank = f(c.presenting_bank),
            Message::ServiceInstruction(_)
            | Message::PerformanceNotice(_)
            | Message::Payment(_)
            | Message::TitleTransfer(_)
            | Message::Receipt(_)
            | Message::Rejection(_)
            | Message::Revocation(_)
            | Message::Confirmation(_)
            | Message::Withdrawal(_)
            | Message::Objection(_)
            | Message::KeyRetirement(_) => {}
        }
    }
}
