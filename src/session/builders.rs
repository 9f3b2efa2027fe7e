//! The named builders of a [`Session`]: each fills in the recipient and
//! the statements answered as the procedure requires (SPEC.md section
//! 19.4), then goes through [`Session::send`], so the validator run forward
//! on the draft refuses it if it would break a rule.

use std::io::Write;

use rand_core::CryptoRng;

use super::{Outgoing, Session, SessionError};
use crate::error::VerifyError;
use crate::ids::{StatementId, UnixTime};
use crate::keys::{CardLookup, PartyCard};
use crate::message::{
    Acceptance, Amount, CollectionInstruction, Message, Offer, Payment, PerformanceNotice, Receipt, Rejection,
    Revocation, ServiceInstruction, ServiceProof, TitleTransfer, Withdrawal,
};

impl<W: Write> Session<W> {
    fn sender_card(&self, id: StatementId) -> Result<PartyCard, SessionError> {
        let s = self.held.get(&id).ok_or(SessionError::Unknown(id))?;
        // The party's current key: its successor's, if it retired the one
        // that signed.
        let to = self.current_key(s.sender());
        self.cards
            .card(&to)
            .cloned()
            .ok_or(SessionError::Verify(VerifyError::UnknownSigner(to)))
    }

    /// A receipt for statement `id` (received at `received`), to its sender.
    pub fn receipt_for<R: CryptoRng + ?Sized>(
        &mut self,
        id: StatementId,
        received: UnixTime,
        now: UnixTime,
        rng: &mut R,
    ) -> Result<Outgoing, SessionError> {
        let to = self.sender_card(id)?;
        self.send(&to, Receipt { received }, &[id], now, rng)
    }

    /// Accepts offer (or counter-offer) `offer`.
    pub fn accept<R: CryptoRng + ?Sized>(
        &mut self,
        offer: StatementId,
        acceptance: Acceptance,
        now: UnixTime,
        rng: &mut R,
    ) -> Result<Outgoing, SessionError> {
        let to = self.sender_card(offer)?;
        self.send(&to, acceptance, &[offer], now, rng)
    }

    /// Rejects offer (or counter-offer) `offer`.
    pub fn reject<R: CryptoRng + ?Sized>(
        &mut self,
        offer: StatementId,
        rejection: Rejection,
        now: UnixTime,
        rng: &mut R,
    ) -> Result<Outgoing, SessionError> {
        let to = self.sender_card(offer)?;
        self.send(&to, rejection, &[offer], now, rng)
    }

    /// Counters offer (or counter-offer) `offer` with new terms (CISG 19(1)).
    pub fn counter<R: CryptoRng + ?Sized>(
        &mut self,
        offer: StatementId,
        counter: Offer,
        now: UnixTime,
        rng: &mut R,
    ) -> Result<Outgoing, SessionError> {
        let to = self.sender_card(offer)?;
        self.send(&to, Message::CounterOffer(counter), &[offer], now, rng)
    }

    /// Revokes the party's own offer `offer` (CISG 16), to its addressee.
    pub fn revoke<R: CryptoRng + ?Sized>(
        &mut self,
        offer: StatementId,
        revocation: Revocation,
        now: UnixTime,
        rng: &mut R,
    ) -> Result<Outgoing, SessionError> {
        let to = self.addressee_card(offer)?;
        self.send(&to, revocation, &[offer], now, rng)
    }

    /// Withdraws the party's own offer or acceptance `statement` (CISG
    /// 15(2), 22), to its addressee.
    pub fn withdraw<R: CryptoRng + ?Sized>(
        &mut self,
        statement: StatementId,
        withdrawal: Withdrawal,
        now: UnixTime,
        rng: &mut R,
    ) -> Result<Outgoing, SessionError> {
        let to = self.addressee_card(statement)?;
        self.send(&to, withdrawal, &[statement], now, rng)
    }

    /// Instructs a service provider (carrier, insurer, inspector,
    /// warehouse), answering the statement that concluded the contract.
    pub fn instruct<R: CryptoRng + ?Sized>(
        &mut self,
        provider: &PartyCard,
        instruction: ServiceInstruction,
        now: UnixTime,
        rng: &mut R,
    ) -> Result<Outgoing, SessionError> {
        let report = self.validator.report_at(now);
        let concluded = report.concluded_by.ok_or(SessionError::NotConcluded(report.status))?;
        self.send(provider, instruction, &[concluded], now, rng)
    }

    /// A provider's proof that it performed instruction `instruction`, to
    /// the party that instructed it.
    pub fn prove<R: CryptoRng + ?Sized>(
        &mut self,
        instruction: StatementId,
        proof: ServiceProof,
        now: UnixTime,
        rng: &mut R,
    ) -> Result<Outgoing, SessionError> {
        let to = self.sender_card(instruction)?;
        self.send(&to, proof, &[instruction], now, rng)
    }

    /// The seller's performance notice to the buyer, carrying the proofs
    /// `proofs` (statements the session holds) and the amount due.
    pub fn notify_performance<R: CryptoRng + ?Sized>(
        &mut self,
        buyer: &PartyCard,
        due: Amount,
        proofs: &[StatementId],
        now: UnixTime,
        rng: &mut R,
    ) -> Result<Outgoing, SessionError> {
        let carried = proofs
            .iter()
            .map(|id| {
                self.held
                    .get(id)
                    .map(|s| s.clone().into_inner())
                    .ok_or(SessionError::Unknown(*id))
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.send(buyer, PerformanceNotice { due, proofs: carried }, proofs, now, rng)
    }

    /// A payment (or accepted draft, or remittance) to `payee`, answering
    /// notice `notice` and, for a later instalment, the previous payment.
    pub fn pay<R: CryptoRng + ?Sized>(
        &mut self,
        payee: &PartyCard,
        notice: StatementId,
        previous: Option<StatementId>,
        payment: Payment,
        now: UnixTime,
        rng: &mut R,
    ) -> Result<Outgoing, SessionError> {
        let answers: Vec<StatementId> = std::iter::once(notice).chain(previous).collect();
        self.send(payee, payment, &answers, now, rng)
    }

    /// Hands documents to a bank for collection (URC 522 Art. 4), answering
    /// the proofs that issued them (or, for a bank passing them on, the
    /// instruction it received).
    pub fn hand_over_documents<R: CryptoRng + ?Sized>(
        &mut self,
        bank: &PartyCard,
        instruction: CollectionInstruction,
        answers: &[StatementId],
        now: UnixTime,
        rng: &mut R,
    ) -> Result<Outgoing, SessionError> {
        self.send(bank, instruction, answers, now, rng)
    }

    /// Transfers a title document to `to`, answering the statement the
    /// party holds the document by (the issuing proof, or the collection
    /// instruction) and the payment or accepted draft that entitles `to`.
    pub fn transfer_title<R: CryptoRng + ?Sized>(
        &mut self,
        to: &PartyCard,
        transfer: TitleTransfer,
        held_by: StatementId,
        entitled_by: StatementId,
        now: UnixTime,
        rng: &mut R,
    ) -> Result<Outgoing, SessionError> {
        self.send(to, transfer, &[held_by, entitled_by], now, rng)
    }

    fn addressee_card(&self, id: StatementId) -> Result<PartyCard, SessionError> {
        let s = self.held.get(&id).ok_or(SessionError::Unknown(id))?;
        let to = self.current_key(s.recipient());
        self.cards
            .card(&to)
            .cloned()
            .ok_or(SessionError::Verify(VerifyError::UnknownSigner(to)))
    }
}
