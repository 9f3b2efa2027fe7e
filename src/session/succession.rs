//! Key succession in a session (SPEC.md section 19.8): retiring the
//! party's key, restoring with a retired key, and holding back a
//! statement whose signer may be a successor not yet announced.

use std::io::Write;

use rand_core::CryptoRng;

use super::{Event, Outgoing, Session, SessionError};
use crate::Verified;
use crate::ids::{PartyId, StatementId, UnixTime};
use crate::keys::{CardLookup, CardSet, PartyCard, PartySecret};
use crate::message::KeyRetirement;
use crate::statement::Statement;

impl<W: Write> Session<W> {
    /// Gives a restored session a key the party retired in this contract,
    /// so that envelopes still sealed to it (by a counterparty that had not
    /// yet archived the retirement) open.
    pub fn with_former_key(mut self, key: PartySecret) -> Result<Self, SessionError> {
        // A key of this party that has a successor (so not the current one).
        if key.id() == self.me.id() || !self.is_me(key.id()) || self.current_key(key.id()) == key.id() {
            return Err(SessionError::NotFormerKey(key.id()));
        }
        self.former.push(key);
        Ok(self)
    }

    /// `s`'s signer, if the contract knows no such key (it is no party's,
    /// successor to none) and `s`, archived now after the cards `staged`,
    /// would break a rule: it may be a successor's statement that overtook
    /// the retirement naming it (SPEC.md 19.8).
    pub(super) fn unknown_signer(&self, s: &Verified<Statement>, staged: &CardSet) -> Option<PartyId> {
        let signer = s.sender();
        if self.validator.knows_key(signer) {
            return None;
        }
        let mut ahead = self.validator.clone();
        for c in staged.iter() {
            ahead.card(c);
        }
        let index = self.next + staged.len();
        let before = ahead.findings().len();
        ahead.statement(index, s);
        ahead.findings()[before..]
            .iter()
            .any(|f| f.index == index)
            .then_some(signer)
    }

    /// Archives a held-back statement whose signer the contract does not
    /// know, as it stands (its findings then stand in the archive): for a
    /// statement the caller judges should not wait any longer for a
    /// retirement naming its signer. Its answers must be held.
    pub fn release(&mut self, id: StatementId) -> Result<Vec<Event>, SessionError> {
        let i = self
            .waiting
            .iter()
            .position(|(w, _)| w.id() == id)
            .ok_or(SessionError::Unknown(id))?;
        if let Some(a) = self.blocking(&self.waiting[i].0).first() {
            return Err(SessionError::Unknown(*a));
        }
        let tokens = self.waiting[i].1.len();
        self.room(1 + tokens)?;
        self.observed(|me, events| {
            let (w, ts) = me.waiting.remove(i);
            events.push(me.archive_statement(&w)?);
            for t in &ts {
                events.extend(me.archive_token(t)?);
            }
            Ok(())
        })
    }

    /// Retires the party's signing key in favour of `successor` (a new
    /// party secret with its own card), as of `now`: archives the
    /// successor's card, signs with the retiring key one key retirement to
    /// each of `to` (the counterparties that must learn the successor; each
    /// parcel carries the successor's card), then signs everything after
    /// with the successor's key. Envelopes sealed to the retired key still
    /// open. Stamp each retirement: its token proves when the key was
    /// retired. Refused, with nothing signed, if the succession would break
    /// a rule (`KEY-SUCCESSOR`: the successor already a party, a key
    /// retired twice).
    pub fn retire<R: CryptoRng + ?Sized>(
        &mut self,
        successor: PartySecret,
        to: &[PartyCard],
        note: Option<String>,
        now: UnixTime,
        rng: &mut R,
    ) -> Result<Vec<Outgoing>, SessionError> {
        // One retirement per party, never to the party itself or to the
        // successor.
        let mut recipients: Vec<&PartyCard> = Vec::with_capacity(to.len());
        for c in to {
            if c.id() != self.me.id() && c.id() != successor.id() && !recipients.iter().any(|r| r.id() == c.id()) {
                recipients.push(c);
            }
        }
        if recipients.is_empty() {
            return Err(SessionError::NoRecipients);
        }
        if self.current_key(self.me.id()) != self.me.id() {
            return Err(SessionError::NotFormerKey(self.me.id()));
        }
        let body = KeyRetirement {
            successor: successor.id(),
            note,
        };
        if self.cards.card(&successor.id()).is_none() {
            let card = successor.card().clone();
            self.observed(|me, events| {
                events.push(me.archive_card(&card)?);
                Ok(())
            })?;
        }
        // The first retirement decides: refused, nothing is retired. Once
        // one is archived the key is retired, whatever happens to the
        // others: the session signs with the successor from then on, and
        // the error is returned (the retirements archived can be sent with
        // `present`; one not archived, to that party, cannot be signed any
        // more with the retired key).
        let mut out = Vec::with_capacity(recipients.len());
        let mut failed = None;
        for (i, card) in recipients.iter().enumerate() {
            match self.send(card, body.clone(), &[], now, rng) {
                Ok(o) => out.push(o),
                Err(e) if i == 0 => return Err(e),
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        let retired = std::mem::replace(&mut self.me, successor);
        self.former.push(retired);
        match failed {
            None => Ok(out),
            Some(e) => Err(e),
        }
    }

    /// The party id this party acts under in the contract: its first key's,
    /// whichever key it signs with now (SPEC.md 19.8).
    pub fn acting_id(&self) -> PartyId {
        self.validator.acting_for(self.me.id())
    }

    /// The key that acts now for the party of key `id`: its successor's,
    /// if it retired `id` (and the session has archived the retirement).
    pub fn current_key(&self, id: PartyId) -> PartyId {
        self.validator.current_key(id)
    }

    /// Whether keys `a` and `b` act for the same party.
    pub(crate) fn same_party(&self, a: PartyId, b: PartyId) -> bool {
        self.validator.acting_for(a) == self.validator.acting_for(b)
    }

    /// Whether key `id` acts for this party.
    pub(crate) fn is_me(&self, id: PartyId) -> bool {
        self.same_party(id, self.me.id())
    }
}
