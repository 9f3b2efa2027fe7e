//! Signed statements: a typed message signed by its sender for one
//! recipient, within one contract, at one time, answering earlier statements.
//!
//! SPEC.md section "Statements".

use crate::Verified;
use crate::cbor::{self, Fields, Key, Value};
use crate::cose::{Header, MAX_CC, Sign1, SignatureCheck};
use crate::error::{BuildError, DecodeError, VerifyError};
use crate::ids::{ContractId, PartyId, StatementId, UnixTime};
use crate::keys::{CardLookup, PartyCard, PartySecret};
use crate::message::{Kind, Message};

/// External AAD of a statement's signature (SPEC.md "Domain separation").
pub const STATEMENT_AAD: &[u8] = b"econtract/v2 statement";
/// Largest encoded statement, in bytes.
pub const MAX_STATEMENT_SIZE: usize = 64 * 1024;
/// Most statement ids one statement may answer.
pub const MAX_ANSWERS: usize = 64;

/// A signed statement, decoded strictly, with its exact bytes.
///
/// A bare `Statement` has not had its signature checked; the crate hands
/// out checked ones as [`Verified<Statement>`](crate::Verified).
///
/// ```cddl
/// statement = #6.18([ protected: bstr .cbor protected-header, unprotected: {},
///                     payload: bstr .cbor payload, signature: bstr .size 64 ])
/// payload = { "answers": [* statement-id], "body": body }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    sign1: Sign1,
    id: StatementId,
    recipient: PartyId,
    contract: ContractId,
    answers: Vec<StatementId>,
    message: Message,
}

impl Statement {
    /// Starts building a statement from `sender` to `to`, in `contract`,
    /// signed at `time`.
    pub fn build<'a>(
        sender: &'a PartySecret,
        to: &PartyCard,
        contract: &ContractId,
        time: UnixTime,
        message: impl Into<Message>,
    ) -> StatementBuilder<'a> {
        StatementBuilder {
            proof_cards: None,
            sender,
            recipient: to.id(),
            contract: contract.clone(),
            time,
            message: message.into(),
            answers: Vec::new(),
            cc: Vec::new(),
        }
    }

    /// Decodes a statement strictly (SPEC.md "Statements"), without checking
    /// its signature.
    pub fn decode(bytes: &[u8]) -> Result<Statement, DecodeError> {
        Statement::from_sign1(Sign1::decode(bytes, "statement", MAX_STATEMENT_SIZE)?)
    }

    /// [`Statement::decode`] of bytes handed over (a decrypted envelope's
    /// plaintext), kept as the statement's bytes without a copy.
    pub(crate) fn decode_vec(bytes: Vec<u8>) -> Result<Statement, DecodeError> {
        Statement::from_sign1(Sign1::decode_vec(bytes, "statement", MAX_STATEMENT_SIZE)?)
    }

    /// Decodes a proof carried inside a performance notice. Its kind is read
    /// from its protected header before its payload is decoded, so carried
    /// statements never nest (SPEC.md "Statements").
    pub(crate) fn decode_carried(bytes: &[u8]) -> Result<Statement, DecodeError> {
        let sign1 = Sign1::decode(bytes, "carried proof", MAX_STATEMENT_SIZE)?;
        if sign1.header.kind != Kind::ServiceProof.code() {
            return Err(DecodeError::schema(
                "proofs",
                format!(
                    "carries a statement of kind {}, not a service-proof (4)",
                    sign1.header.kind
                ),
            ));
        }
        Statement::from_sign1(sign1)
    }

    fn from_sign1(sign1: Sign1) -> Result<Statement, DecodeError> {
        let h = &sign1.header;
        let kind = Kind::from_code(h.kind)
            .ok_or_else(|| DecodeError::schema("kind", format!("{} is not a statement kind", h.kind)))?;
        let recipient = h
            .aud
            .ok_or_else(|| DecodeError::schema("CWT claims", "a statement names its recipient (aud)".into()))?;
        let contract = h
            .sub
            .clone()
            .ok_or_else(|| DecodeError::schema("CWT claims", "a statement names its contract (sub)".into()))?;
        check_parties(h.iss, recipient, &h.cc)?;
        let mut f = Fields::new("payload", cbor::decode(&sign1.payload)?)?;
        let answers_v = f.required(Key::Text("answers"))?.into_array("answers")?;
        DecodeError::check_len("answers", answers_v.len(), MAX_ANSWERS)?;
        let answers = answers_v
            .into_iter()
            .map(|v| v.into_array32("answers").map(StatementId::from_bytes))
            .collect::<Result<Vec<_>, _>>()?;
        let message = Message::from_value(kind, f.required(Key::Text("body"))?)?;
        f.finish()?;
        check_answers(&message, &answers)?;
        let id = StatementId::of(&sign1.bytes);
        Ok(Statement {
            sign1,
            id,
            recipient,
            contract,
            answers,
            message,
        })
    }

    /// Checks the signature against the sender's card from `cards` (and, for
    /// a performance notice, every proof it carries against its provider's
    /// card). A card the lookup returns for a signer must be that signer's
    /// own (its [`PartyCard::id`] is the signer's party id), or the
    /// statement is refused with [`VerifyError::CardMismatch`].
    pub fn verify(self, cards: &(impl CardLookup + ?Sized)) -> Result<Verified<Statement>, VerifyError> {
        // As `signature_checks`, in the same order: the cards and the
        // carried proofs first, then the signatures, the statement's first
        // (hashed in place, without a copy of its Sig_structure).
        let card = signer_card(cards, self.sender())?;
        let mut carried = Vec::new();
        if let Message::PerformanceNotice(n) = &self.message {
            carried_checks(&n.proofs, &self.contract, self.sender(), cards, &mut carried)?;
        }
        self.sign1.verify(card.verifying_key(), STATEMENT_AAD)?;
        carried.iter().try_for_each(SignatureCheck::verify)?;
        Ok(Verified(self))
    }

    /// Everything [`Statement::verify`] checks except the signatures, which
    /// it returns (the statement's, then each carried proof's) for the
    /// caller to check, one by one or in a batch.
    pub(crate) fn signature_checks(
        &self,
        cards: &(impl CardLookup + ?Sized),
    ) -> Result<Vec<SignatureCheck>, VerifyError> {
        let card = signer_card(cards, self.sender())?;
        let mut checks = vec![self.sign1.check(card.verifying_key(), STATEMENT_AAD)];
        if let Message::PerformanceNotice(n) = &self.message {
            carried_checks(&n.proofs, &self.contract, self.sender(), cards, &mut checks)?;
        }
        Ok(checks)
    }

    /// Wraps a statement whose [`Statement::signature_checks`] have all
    /// passed (for example in a batch).
    pub(crate) fn into_verified(self) -> Verified<Statement> {
        Verified(self)
    }

    /// The exact bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.sign1.bytes
    }
    /// The statement id: SHA-256 of the exact bytes.
    pub fn id(&self) -> StatementId {
        self.id
    }
    /// The message kind.
    pub fn kind(&self) -> Kind {
        self.message.kind()
    }
    /// The signer (`iss`).
    pub fn sender(&self) -> PartyId {
        self.sign1.header.iss
    }
    /// The addressee (`aud`).
    pub fn recipient(&self) -> PartyId {
        self.recipient
    }
    /// Further parties the sender sealed copies to (`-65539`).
    pub fn copies(&self) -> &[PartyId] {
        &self.sign1.header.cc
    }
    /// The contract (`sub`).
    pub fn contract(&self) -> &ContractId {
        &self.contract
    }
    /// The sender's signing time (`iat`).
    pub fn time(&self) -> UnixTime {
        self.sign1.header.iat
    }
    /// The ids of the statements this one answers.
    pub fn answers(&self) -> &[StatementId] {
        &self.answers
    }
    /// The typed message.
    pub fn message(&self) -> &Message {
        &self.message
    }

    /// The statement as the validator reads it when some parties act
    /// through successor keys (SPEC.md 18.2): every party id in its header
    /// and body, and in the proofs it carries, replaced by `f` of it. The
    /// id, bytes and signature stay those signed; only the validator sees
    /// the copy.
    pub(crate) fn with_party_ids(&self, f: &dyn Fn(PartyId) -> PartyId) -> Statement {
        let mut s = self.clone();
        s.sign1.header.iss = f(s.sign1.header.iss);
        s.recipient = f(s.recipient);
        s.sign1.header.aud = Some(s.recipient);
        for c in &mut s.sign1.header.cc {
            *c = f(*c);
        }
        s.message.map_party_ids(f);
        if let Message::PerformanceNotice(n) = &mut s.message {
            for p in &mut n.proofs {
                *p = p.with_party_ids(f);
            }
        }
        s
    }
}

/// The card of `signer` from `cards` (SPEC.md section 12, step 6), for every
/// signature the crate verifies against a looked-up card: a statement's
/// sender, a carried proof's provider, a token's authority. A lookup that
/// returns no card is [`VerifyError::UnknownSigner`]; one that returns the
/// card of another party is [`VerifyError::CardMismatch`], so that a lookup
/// keyed wrongly (or maliciously) cannot make a signature by that other
/// party pass as the signer's.
pub(crate) fn signer_card(cards: &(impl CardLookup + ?Sized), signer: PartyId) -> Result<&PartyCard, VerifyError> {
    let card = cards.card(&signer).ok_or(VerifyError::UnknownSigner(signer))?;
    if card.id() != signer {
        return Err(VerifyError::CardMismatch {
            signer,
            card: card.id(),
        });
    }
    Ok(card)
}

/// SPEC.md section 12, steps 7 and 8: every carried proof is a service proof
/// of the same contract, addressed to the notice's sender, with a known
/// provider (all proofs, in order); then each proof's signature verifies
/// against its provider's card, in order.
fn verify_carried(
    proofs: &[Statement],
    contract: &ContractId,
    notice_sender: PartyId,
    cards: &(impl CardLookup + ?Sized),
) -> Result<(), VerifyError> {
    let mut checks = Vec::new();
    carried_checks(proofs, contract, notice_sender, cards, &mut checks)?;
    checks.iter().try_for_each(SignatureCheck::verify)
}

fn carried_checks(
    proofs: &[Statement],
    contract: &ContractId,
    notice_sender: PartyId,
    cards: &(impl CardLookup + ?Sized),
    checks: &mut Vec<SignatureCheck>,
) -> Result<(), VerifyError> {
    for p in proofs {
        if p.kind() != Kind::ServiceProof || &p.contract != contract || p.recipient != notice_sender {
            return Err(VerifyError::ForeignProof(p.id));
        }
        let provider = signer_card(cards, p.sender())?;
        checks.push(p.sign1.check(provider.verifying_key(), STATEMENT_AAD));
    }
    Ok(())
}

fn check_parties(sender: PartyId, recipient: PartyId, cc: &[PartyId]) -> Result<(), DecodeError> {
    if sender == recipient {
        return Err(DecodeError::schema(
            "CWT claims",
            "a statement cannot be addressed to its sender".into(),
        ));
    }
    if cc.iter().any(|c| *c == sender || *c == recipient) {
        return Err(DecodeError::schema(
            "cc",
            "copy holders exclude the sender and the recipient".into(),
        ));
    }
    Ok(())
}

/// How many statements each kind answers (SPEC.md "Statements").
fn check_answers(message: &Message, answers: &[StatementId]) -> Result<(), DecodeError> {
    let distinct = answers.iter().enumerate().all(|(i, a)| !answers[..i].contains(a));
    if !distinct {
        return Err(DecodeError::schema("answers", "the same statement id twice".into()));
    }
    if let Message::PerformanceNotice(n) = message {
        if answers.len() != n.proofs.len() || answers.iter().zip(&n.proofs).any(|(a, p)| *a != p.id) {
            return Err(DecodeError::schema(
                "answers",
                "a performance notice answers exactly the proofs it carries, in order".into(),
            ));
        }
        return Ok(());
    }
    let (min, max) = message.kind().answers();
    if answers.len() < min || answers.len() > max {
        let want = if min == max {
            format!("exactly {min}")
        } else {
            format!("{min} to {max}")
        };
        return Err(DecodeError::schema(
            "answers",
            format!(
                "a {} answers {want} statement(s), found {}",
                message.kind(),
                answers.len()
            ),
        ));
    }
    Ok(())
}

/// Builds and signs a [`Statement`]; made by [`Statement::build`].
pub struct StatementBuilder<'a> {
    proof_cards: Option<&'a dyn CardLookup>,
    sender: &'a PartySecret,
    recipient: PartyId,
    contract: ContractId,
    time: UnixTime,
    message: Message,
    answers: Vec<StatementId>,
    cc: Vec<PartyId>,
}

impl std::fmt::Debug for StatementBuilder<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StatementBuilder")
            .field("sender", &self.sender.id())
            .field("recipient", &self.recipient)
            .field("kind", &self.message.kind())
            .finish_non_exhaustive()
    }
}

impl<'a> StatementBuilder<'a> {
    /// For a performance notice: the cards against which the carried proofs
    /// are verified before signing, so that the crate never signs a notice
    /// that its recipient would refuse.
    pub fn proof_cards(mut self, cards: &'a dyn CardLookup) -> Self {
        self.proof_cards = Some(cards);
        self
    }
    /// Adds the id of a statement this one answers.
    pub fn answers(mut self, id: StatementId) -> Self {
        self.answers.push(id);
        self
    }

    /// Names a further party the sender will seal a copy to (an auditor, a
    /// bank); only named parties can open copies. The sender can always
    /// open its own copy.
    pub fn copy_to(mut self, card: &PartyCard) -> Self {
        if !self.cc.contains(&card.id()) {
            self.cc.push(card.id());
        }
        self
    }

    /// Signs the statement.
    ///
    /// For a performance notice, `answers` may be left empty: it is then
    /// filled with the ids of the carried proofs.
    pub fn sign(mut self) -> Result<Verified<Statement>, BuildError> {
        self.message.check()?;
        let sender = self.sender.id();
        if sender == self.recipient {
            return Err(BuildError::SelfAddressed);
        }
        if let Message::PerformanceNotice(n) = &self.message {
            let cards = self.proof_cards.ok_or(BuildError::ProofCardsNeeded)?;
            verify_carried(&n.proofs, &self.contract, sender, cards).map_err(BuildError::CarriedProof)?;
            let ids: Vec<StatementId> = n.proofs.iter().map(Statement::id).collect();
            if self.answers.is_empty() {
                self.answers = ids;
            } else if self.answers != ids {
                return Err(BuildError::NoticeAnswers);
            }
        }
        DecodeError::check_len("answers", self.answers.len(), MAX_ANSWERS)?;
        DecodeError::check_len("cc", self.cc.len(), MAX_CC)?;
        self.cc.sort();
        check_parties(sender, self.recipient, &self.cc)?;
        check_answers(&self.message, &self.answers)?;
        let payload = Value::map(vec![
            (
                Value::text("answers"),
                Value::Array(
                    self.answers
                        .iter()
                        .map(|a| Value::Bytes(a.as_bytes().to_vec()))
                        .collect(),
                ),
            ),
            (Value::text("body"), self.message.encode_body()),
        ])
        .to_vec();
        let header = Header {
            kind: self.message.kind().code(),
            iss: sender,
            iat: self.time,
            sub: Some(self.contract.clone()),
            aud: Some(self.recipient),
            cc: self.cc,
        };
        let sign1 = Sign1::sign(self.sender.signing_key(), header, payload, STATEMENT_AAD);
        if sign1.bytes.len() > MAX_STATEMENT_SIZE {
            return Err(BuildError::TooLarge {
                len: sign1.bytes.len(),
                max: MAX_STATEMENT_SIZE,
            });
        }
        Ok(Verified(Statement {
            id: StatementId::of(&sign1.bytes),
            recipient: self.recipient,
            contract: self.contract,
            answers: self.answers,
            message: self.message,
            sign1,
        }))
    }
}
