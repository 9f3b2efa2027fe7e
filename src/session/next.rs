//! What a party may do next, and what it waits for (SPEC.md section 19.6):
//! the procedure's next steps for this party, read off its archive. Each
//! step is a suggestion with its recipient and answers filled in; sending
//! it still goes through [`Session::send`]'s checks.

use std::io::Write;

use super::Session;
use crate::ids::{PartyId, StatementId, UnixTime};
use crate::message::{Kind, Message};
use crate::validate::Status;

/// A step the procedure expects from the party now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The kind of statement.
    pub kind: Kind,
    /// Its recipient, where the procedure fixes it.
    pub to: Option<PartyId>,
    /// The statements it answers.
    pub answers: Vec<StatementId>,
}

/// Something a party waits for from others.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Awaited {
    /// The addressee's receipt for this statement of the party's.
    Receipt(StatementId),
    /// This statement, which a held-back statement answers.
    Statement(StatementId),
    /// A key retirement naming this key as successor: a held-back
    /// statement is signed by a key the contract does not know yet.
    Retirement(PartyId),
}

/// Formation statements that take a receipt from their addressee.
fn receipted(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Offer
            | Kind::Acceptance
            | Kind::Rejection
            | Kind::Revocation
            | Kind::CounterOffer
            | Kind::Confirmation
            | Kind::Withdrawal
            | Kind::Objection
    )
}

impl<W: Write> Session<W> {
    fn receipted_by(&self, id: StatementId, by: PartyId) -> bool {
        self.held
            .values()
            .any(|s| s.kind() == Kind::Receipt && self.same_party(s.sender(), by) && s.answers().contains(&id))
    }

    /// What the procedure expects from this party now, as of `now`:
    /// receipts it owes for formation statements addressed to it; the
    /// replies open to it on the current offer (accept, reject, counter as
    /// its addressee; revoke or withdraw as its sender); an offer when none
    /// is outstanding; instructions once the contract is concluded; proofs
    /// for instructions addressed to it; payment of a notice addressed to
    /// it. The list is advice; each step is still checked when sent.
    pub fn allowed(&self, now: UnixTime) -> Vec<Step> {
        let report = self.validator.report_at(now);
        let mut steps = Vec::new();
        let mut held: Vec<_> = self.held.values().collect();
        held.sort_by_key(|s| (s.time(), s.id()));
        for s in &held {
            if self.is_me(s.recipient()) && receipted(s.kind()) && !self.receipted_by(s.id(), self.me.id()) {
                steps.push(Step {
                    kind: Kind::Receipt,
                    to: Some(self.current_key(s.sender())),
                    answers: vec![s.id()],
                });
            }
        }
        let current = held
            .iter()
            .rev()
            .find(|s| matches!(s.kind(), Kind::Offer | Kind::CounterOffer));
        match report.status {
            Status::OfferOutstanding => {
                if let Some(o) = current {
                    if self.is_me(o.recipient()) {
                        for kind in [Kind::Acceptance, Kind::Rejection, Kind::CounterOffer] {
                            steps.push(Step {
                                kind,
                                to: Some(self.current_key(o.sender())),
                                answers: vec![o.id()],
                            });
                        }
                    } else if self.is_me(o.sender()) {
                        for kind in [Kind::Withdrawal, Kind::Revocation] {
                            steps.push(Step {
                                kind,
                                to: Some(self.current_key(o.recipient())),
                                answers: vec![o.id()],
                            });
                        }
                    }
                }
            }
            Status::NoOffer
            | Status::OfferLapsed
            | Status::OfferRejected
            | Status::OfferRevoked
            | Status::OfferWithdrawn => steps.push(Step {
                kind: Kind::Offer,
                to: None,
                answers: Vec::new(),
            }),
            _ => {}
        }
        if let Some(concluded) = report.concluded_by {
            let terms = report.terms.as_ref();
            if terms.is_some_and(|t| self.is_me(t.seller) || self.is_me(t.buyer)) {
                steps.push(Step {
                    kind: Kind::ServiceInstruction,
                    to: None,
                    answers: vec![concluded],
                });
            }
        }
        for s in &held {
            let answered = |k: Kind| {
                held.iter()
                    .any(|r| r.kind() == k && self.is_me(r.sender()) && r.answers().contains(&s.id()))
            };
            match s.message() {
                Message::ServiceInstruction(_) if self.is_me(s.recipient()) && !answered(Kind::ServiceProof) => steps
                    .push(Step {
                        kind: Kind::ServiceProof,
                        to: Some(self.current_key(s.sender())),
                        answers: vec![s.id()],
                    }),
                Message::PerformanceNotice(_)
                    if self.is_me(s.recipient()) && report.outstanding.is_some_and(|a| a.minor > 0) =>
                {
                    steps.push(Step {
                        kind: Kind::Payment,
                        to: Some(self.current_key(s.sender())),
                        answers: vec![s.id()],
                    })
                }
                _ => {}
            }
        }
        steps
    }

    /// What the party waits for from others: a receipt for each of its
    /// formation statements that has none from its addressee, and the
    /// statements its held-back statements answer.
    pub fn awaiting(&self) -> Vec<Awaited> {
        let mut out: Vec<Awaited> = self
            .held
            .values()
            .filter(|s| self.is_me(s.sender()) && receipted(s.kind()) && !self.receipted_by(s.id(), s.recipient()))
            .map(|s| Awaited::Receipt(s.id()))
            .collect();
        out.sort();
        for (_, missing) in self.held_back() {
            for id in missing {
                if !out.contains(&Awaited::Statement(id)) {
                    out.push(Awaited::Statement(id));
                }
            }
        }
        for (w, _) in &self.waiting {
            if self.blocking(w).is_empty()
                && let Some(k) = self.unknown_signer(w, &crate::keys::CardSet::new())
                && !out.contains(&Awaited::Retirement(k))
            {
                out.push(Awaited::Retirement(k));
            }
        }
        out
    }
}
