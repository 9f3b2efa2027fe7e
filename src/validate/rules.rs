//! The rules table and findings (SPEC.md section 18.6): every rule has a
//! stable id, its source, and the one sentence it checks.

use std::fmt;

use serde::Serialize;

use crate::ids::StatementId;

macro_rules! rules {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal, $source:literal, $check:literal; )+) => {
        /// A validation rule. Its id is stable and listed in SPEC.md 18.6 with its source.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Rule {
            $( $(#[$doc])* $variant, )+
        }

        impl Rule {
            /// Every rule, in SPEC.md order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),+];

            /// The stable id, for example `FORM-LATE`.
            pub const fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id),+ }
            }

            /// Where the rule comes from (an article or a source step).
            pub const fn source(self) -> &'static str {
                match self { $(Rule::$variant => $source),+ }
            }

            /// What the rule checks, in one sentence.
            pub const fn check(self) -> &'static str {
                match self { $(Rule::$variant => $check),+ }
            }

            /// The rule with id `id`.
            pub fn from_id(id: &str) -> Option<Rule> {
                Rule::ALL.iter().copied().find(|r| r.id() == id)
            }
        }
    };
}

rules! {
    /// A statement of another contract.
    ChainContract = "CHAIN-CONTRACT", "UN ECC 2005 Art. 9; replay",
        "Every statement names the transcript's contract.";
    /// The same statement twice.
    ChainDuplicate = "CHAIN-DUPLICATE", "UN ECC 2005 Art. 9(2)",
        "No statement appears twice.";
    /// A reference to a statement that is not in the transcript.
    ChainDangling = "CHAIN-DANGLING", "UN ECC 2005 Art. 9(2)",
        "Every statement a statement answers, and every statement a token stamps, is in the transcript (or, in a partial view, outside the viewer's view).";
    /// A statement before one it answers.
    ChainOrder = "CHAIN-ORDER", "append-only transcript",
        "A statement comes after the statements it answers, and a token after the statement it stamps.";
    /// Two different statements in one place.
    ChainEquivocation = "CHAIN-EQUIVOCATION", "UN ECC 2005 Art. 9; DCSA PINT",
        "One sender does not send two different statements of one kind to one recipient answering the same statements (for a proof: of the same document), archived or carried.";
    /// A statement answering the wrong statement.
    ChainTarget = "CHAIN-TARGET", "source steps 2-7",
        "Each statement answers the statement its kind must answer (for example an instruction answers the conclusion of the contract).";
    /// A statement the state does not allow.
    SeqUnexpected = "SEQ-UNEXPECTED", "source steps 1-7",
        "Each statement is one the contract's current state allows.";
    /// An offer between the wrong parties.
    RoleOffer = "ROLE-OFFER", "CISG 14(1)",
        "An offer goes from the seller or buyer named in its terms to the other.";
    /// An acceptance between the wrong parties.
    RoleAcceptance = "ROLE-ACCEPTANCE", "CISG 18(1)",
        "An acceptance goes from the offeree to the offeror.";
    /// A rejection between the wrong parties.
    RoleRejection = "ROLE-REJECTION", "CISG 17",
        "A rejection goes from the offeree to the offeror.";
    /// A revocation between the wrong parties.
    RoleRevocation = "ROLE-REVOCATION", "CISG 16(1)",
        "A revocation goes from the offeror to the offeree.";
    /// A counter-offer between the wrong parties.
    RoleCounterOffer = "ROLE-COUNTER-OFFER", "CISG 19(1)",
        "A counter-offer goes from the offeree to the offeror and keeps the same seller and buyer.";
    /// A confirmation between the wrong parties.
    RoleConfirmation = "ROLE-CONFIRMATION", "CISG 21(1)",
        "A confirmation of a late acceptance goes from the offeror to the offeree.";
    /// A withdrawal between the wrong parties.
    RoleWithdrawal = "ROLE-WITHDRAWAL", "CISG 15(2), 22",
        "A withdrawal goes from the sender of what it withdraws (the offeror, or the offeree for an acceptance) to its addressee.";
    /// An objection between the wrong parties.
    RoleObjection = "ROLE-OBJECTION", "CISG 19(2), 21(2)",
        "An objection to an acceptance goes from the offeror to the offeree.";
    /// An instruction by the wrong party.
    RoleInstruction = "ROLE-INSTRUCTION", "source step 3; Incoterms 2020 A4/B4",
        "A service instruction comes from the party that contracts the service: the buyer for carriage under EXW, FCA, FAS and FOB, otherwise the seller.";
    /// A proof by the wrong party.
    RoleProof = "ROLE-PROOF", "source step 4",
        "A service proof is signed by the instructed provider and sent to the seller.";
    /// A notice between the wrong parties.
    RoleNotice = "ROLE-NOTICE", "source step 5",
        "A performance notice goes from the seller to the buyer.";
    /// A payment by someone who is no payer.
    RolePayment = "ROLE-PAYMENT", "CISG 53, 54; URC 522 Art. 16; ISO 20022",
        "A payment comes from the buyer or the buyer's bank named in the terms and goes to the seller (or, in a collection, to the presenting bank); a remittance comes from the presenting bank and goes to the seller or the remitting bank.";
    /// A collection instruction between the wrong parties.
    RoleCollection = "ROLE-COLLECTION", "URC 522 Arts. 3, 4",
        "A collection instruction goes from the seller to the seller's bank or the presenting bank named in the terms, under terms that provide for a collection.";
    /// A receipt by the wrong party.
    RoleReceipt = "ROLE-RECEIPT", "CISG 24",
        "A receipt is signed by the addressee of the statement it acknowledges and sent to its sender.";
    /// An offer that is not definite.
    FormDefinite = "FORM-DEFINITE", "CISG 14(1)",
        "An offer names distinct seller and buyer, goods with a description and a quantity above zero, and a price above zero.";
    /// Documents the Incoterm requires are missing.
    TermsIncoterm = "TERMS-INCOTERM", "Incoterms 2020 A4, A5, A6",
        "Under a rule where the seller contracts carriage (CPT, CIP, CFR, CIF, DAP, DPU, DDP) the terms require a transport document, under CIF and CIP an insurance document, and under FAS, FOB, CFR and CIF any transport document is a sea document.";
    /// A document issued by a party to the sale.
    TermsIssuer = "TERMS-ISSUER", "Incoterms 2020 A6; UCP 600 Arts. 19-28",
        "Every document the terms require is issued by a third party, never by the seller or the buyer, and only a bill of lading, multimodal transport document or warehouse receipt is required as a document of title.";
    /// A draft's tenor left to the drawee.
    TermsTenor = "TERMS-TENOR", "URC 522 Art. 7",
        "Under documents against acceptance the terms fix the draft's tenor; under documents against payment they fix none.";
    /// A collection without a presenting bank.
    TermsCollection = "TERMS-COLLECTION", "URC 522 Art. 3",
        "A collection names the buyer's bank as presenting bank, and the banks the terms name are neither the seller nor the buyer.";
    /// An acceptance before the offer arrived.
    FormPremature = "FORM-PREMATURE", "CISG 15(1)",
        "An acceptance is not signed before the offer reached the offeree.";
    /// An acceptance after revocation.
    FormRevoked = "FORM-REVOKED", "CISG 16(1)",
        "An acceptance dispatched after a revocation reached the offeree concludes nothing.";
    /// A revocation that cannot work.
    FormRevocation = "FORM-REVOCATION", "CISG 16",
        "An offer stated to be irrevocable or fixing a time for acceptance (policy), or already accepted, is not revoked.";
    /// An acceptance of a rejected offer.
    FormRejected = "FORM-REJECTED", "CISG 17",
        "An acceptance of an offer that was rejected (or countered) concludes nothing.";
    /// An acceptance of a withdrawn offer.
    FormWithdrawn = "FORM-WITHDRAWN", "CISG 15(2)",
        "An acceptance of an offer that was withdrawn concludes nothing.";
    /// A withdrawal that arrived too late.
    FormWithdrawal = "FORM-WITHDRAWAL", "CISG 15(2), 22",
        "A withdrawal works only if it reaches the addressee no later than what it withdraws; a late withdrawal of an offer works only as a revocation.";
    /// A late acceptance.
    FormLate = "FORM-LATE", "CISG 18(2), 20, 21",
        "An acceptance takes effect no later than the offer's lapse time, unless the offeror confirms it (21(1)) or it was delayed in transmission and the offeror does not object (21(2)).";
    /// A confirmation sent too late.
    FormConfirmation = "FORM-CONFIRMATION", "CISG 21(1)",
        "A confirmation of a late acceptance is dispatched without delay (policy) after the late acceptance reached the offeror.";
    /// An objection that cannot work.
    FormObjection = "FORM-OBJECTION", "CISG 19(2), 21(2)",
        "An objection answers an acceptance with non-material additions, or a late acceptance delayed in transmission, and is dispatched without (undue) delay (policy) after it reached the offeror.";
    /// An acceptance with material changes.
    FormCounter = "FORM-COUNTER", "CISG 19(1), (3)",
        "An acceptance that changes terms (price, payment, goods, place, documents, shipment, law) is a rejection and a counter-offer, not an acceptance.";
    /// An acceptance without a third-party time-stamp.
    FormTimestamp = "FORM-TIMESTAMP", "source step 2; policy",
        "An acceptance carries a third-party time-stamp before it takes effect (when the policy requires it).";
    /// Performance before conclusion.
    PerfBeforeConclusion = "PERF-BEFORE-CONCLUSION", "CISG 23, 30; source steps 3-7",
        "Instructions, proofs, the notice, payments, collections and title transfers come after the contract is concluded, and carried proofs are signed after it.";
    /// An instruction to someone the contract does not name.
    PerfService = "PERF-SERVICE", "source step 3",
        "Each instruction goes to the issuer of a document the terms require, for the service that issues it; each proof comes from such an issuer.";
    /// A proof for another service.
    PerfProof = "PERF-PROOF", "source step 4",
        "A proof is for the service its instruction asked for.";
    /// A document other than the one owed.
    PerfDocument = "PERF-DOCUMENT", "Incoterms 2020 A6; UCP 600 Arts. 14, 20; MLETR Art. 10",
        "A proof's document is the type the terms require from its issuer, a document of title where they require one, and issued to the seller.";
    /// Quantities that contradict the terms.
    PerfQuantity = "PERF-QUANTITY", "CISG 35(1), 51",
        "Shipments (and warehouse receipts) give one quantity per goods line and never exceed the contracted quantity in total, and shipments add up to it when the seller notifies performance.";
    /// Shipment in several lots where the contract forbids it.
    PerfPartial = "PERF-PARTIAL", "UCP 600 Art. 31; CISG 51",
        "Goods are shipped in several lots only where the terms allow partial shipments.";
    /// Shipment after the latest shipment date.
    PerfShipmentDate = "PERF-SHIPMENT-DATE", "CISG 33",
        "Goods are shipped no later than the latest shipment date of the terms.";
    /// A claused transport document.
    PerfClean = "PERF-CLEAN", "UCP 600 Art. 27",
        "A transport document is clean: it declares no defective condition of the goods or their packaging.";
    /// A failed inspection.
    PerfInspection = "PERF-INSPECTION", "CISG 35, 36",
        "An inspection certificate states that the goods passed.";
    /// Insufficient or late insurance cover.
    PerfInsurance = "PERF-INSURANCE", "Incoterms 2020 A5; UCP 600 Art. 28",
        "An insurance document covers at least 110% of the price, in the contract currency, from no later than the shipment date.";
    /// A notice before every document exists.
    PerfNoticeEarly = "PERF-NOTICE-EARLY", "source step 5; CISG 34",
        "The performance notice comes only when every required document is proven, and carries those proofs.";
    /// A notice asking for another amount.
    PerfNoticeAmount = "PERF-NOTICE-AMOUNT", "source step 5; CISG 53",
        "The performance notice asks for the contract price.";
    /// A payment before the notice.
    PayBeforeNotice = "PAY-BEFORE-NOTICE", "source step 6",
        "A payment comes after the performance notice and answers it.";
    /// A payment in another currency.
    PayCurrency = "PAY-CURRENCY", "ISO 4217; CISG 54",
        "A payment is in the contract currency.";
    /// Payments that do not add up.
    PayAmount = "PAY-AMOUNT", "CISG 53",
        "Payments never exceed the price (without overflow), a final payment makes them add up exactly, and nothing is paid after payment in full.";
    /// A reused end-to-end id.
    PayE2e = "PAY-E2E", "ISO 20022",
        "Each payment has its own end-to-end id.";
    /// A reused UETR.
    PayUetr = "PAY-UETR", "SWIFT gpi",
        "Each payment has its own UETR.";
    /// A draft where none is allowed.
    PayDraft = "PAY-DRAFT", "URC 522 Art. 7",
        "A draft is accepted only under documents against acceptance, once, for the full price, before any funds are paid.";
    /// A draft with a tenor of the drawee's choosing.
    PayTenor = "PAY-TENOR", "URC 522 Art. 7",
        "An accepted draft has the tenor the terms fix, and matures that many days after its acceptance (within a day).";
    /// A remittance of money never collected.
    PayRemittance = "PAY-REMITTANCE", "URC 522 Art. 16",
        "A presenting bank remits no more than the buyer paid it, and answers the buyer's payment it remits.";
    /// A collection instruction that departs from the contract.
    CollTerms = "COLL-TERMS", "URC 522 Arts. 4, 7",
        "A collection instruction asks for the price, under the contract's payment terms and tenor, with the presenting bank the terms name.";
    /// A collection of documents not issued in the contract.
    CollDocuments = "COLL-DOCUMENTS", "URC 522 Art. 12",
        "A collection instruction lists documents issued in the contract, as the proofs it answers issued them, and is given once.";
    /// A title document issued wrongly.
    TitleIssue = "TITLE-ISSUE", "MLETR Art. 10",
        "A title document is issued once, by the carrier or warehouse in a proof of a document of title, to the seller.";
    /// A transfer of an unknown document.
    TitleDocument = "TITLE-DOCUMENT", "MLETR Art. 10",
        "A title transfer names a title document issued in this contract and answers the last link of its chain.";
    /// Documents released before payment.
    TitleBeforePayment = "TITLE-BEFORE-PAYMENT", "source step 7; URC 522 Art. 7",
        "Title is released to the buyer only after full payment, or under documents against acceptance after the buyer accepted a draft, and the release answers that payment or draft.";
    /// The seller's transfer to someone other than the buyer.
    TitleToBuyer = "TITLE-TO-BUYER", "source step 7; CISG 30",
        "Under the direct channel the seller transfers the title document to the buyer; under a collection the presenting bank releases it only to the buyer, or returns it unpaid to the seller or the remitting bank.";
    /// Documents leaving the banks during a collection.
    TitleBank = "TITLE-BANK", "URC 522 Arts. 3, 7",
        "During a collection the seller hands the title documents only to the collection's banks (by the collection instruction), and the remitting bank passes them only to the presenting bank or back to the seller.";
    /// A transfer by someone who does not hold the document.
    TitleHolder = "TITLE-HOLDER", "MLETR Art. 11",
        "Only the current holder transfers a title document.";
    /// Two transfers from one state.
    TitleDouble = "TITLE-DOUBLE", "MLETR Art. 11; DCSA PINT",
        "No two transfers start from the same state of a title document.";
    /// A transfer after surrender.
    TitleSurrendered = "TITLE-SURRENDERED", "MLETR Art. 17; DCSA eBL",
        "Nothing follows the surrender of a title document to its issuer.";
    /// Times that contradict the evidence.
    TimeSkew = "TIME-SKEW", "RFC 3161; CISG 24; policy",
        "A token's time and a receipt's time are not earlier than the signing time of the statement they concern, and a receipt's time is not after its own signing time or its own token, beyond the clock skew.";
    /// Time going backwards along the chain.
    TimeOrder = "TIME-ORDER", "source steps 1-7",
        "A statement is not signed earlier than anything it depends on, transitively, by more than one clock skew.";
    /// A signature before its key existed.
    TimeKey = "TIME-KEY", "UN Model Law on E-Signatures Art. 6(3); UN ECC 2005 Art. 9(3)",
        "A statement or token is not signed before its signer's card was created, beyond the clock skew.";
    /// A time-stamp by a party to the contract.
    TimeAuthority = "TIME-AUTHORITY", "source steps 1-7; policy",
        "A time-stamp comes from a third party: not from a party that plays a role in the contract, and, when the policy names authorities, from one of them.";
    /// A reused token serial number.
    TimeSerial = "TIME-SERIAL", "RFC 3161 §2.4.2",
        "A time-stamp authority does not use a serial number twice.";
    /// A signature by a retired key.
    KeyRetired = "KEY-RETIRED", "UN ECC 2005 Art. 9(3); MLETR Art. 12",
        "No statement is signed with a key after its holder retired it: neither its signing time nor anything it depends on is later than the retirement (beyond the clock skew, for what it depends on).";
    /// A succession that does not hold.
    KeySuccessor = "KEY-SUCCESSOR", "UN ECC 2005 Art. 9(3); MLETR Art. 12",
        "A key is retired at most once and names one successor whose card the transcript holds, created no later than the retirement, which is neither the retiring key nor a party already in the contract; the successor signs nothing dated before the retirement (both beyond the clock skew).";
    /// A time-stamp not of the kind the policy requires.
    TimeRfc3161 = "TIME-RFC3161", "RFC 3161; RFC 9921; policy",
        "When the policy requires RFC 3161 time-stamps, no token of econtract's own format is taken as evidence.";
    /// A signature by a key whose certificate was revoked.
    CertRevoked = "CERT-REVOKED", "RFC 5280 §5; ETSI EN 319 102-1 §5.6",
        "A statement signed with a certified key is proven to exist (by its earliest time-stamp, or else its signing time) before any revocation of a certificate of the key's path, and, if such a certificate is revoked at all, by a time-stamp.";
    /// A signature outside its certificate's validity.
    CertValidity = "CERT-VALIDITY", "RFC 5280 §4.1.2.5; ETSI EN 319 102-1 §5.2.6",
        "A statement signed with a certified key is proven to exist (by its earliest time-stamp, or else its signing time) while every certificate of the key's path is valid.";
    /// A party whose identity no certificate establishes.
    IdCertified = "ID-CERTIFIED", "eIDAS Art. 35-36; UN ECC 2005 Art. 9(3); policy",
        "When the auditor names certificate authorities, every party that signs a statement or a token holds a pinned card or a key certified by one of them, and a certified key when the policy requires certified parties.";
    /// A signature whose revocation status no CRL shows.
    CertRevocation = "CERT-REVOCATION", "ETSI EN 319 102-1 §5.2.5; policy",
        "When the policy requires known revocation status, every certificate of a certified key's path is covered by a complete CRL of its issuer issued after each statement signed with the key is proven to exist.";
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// One problem in a transcript.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule broken.
    pub rule: Rule,
    /// The record index (counting records from 0 after the header) of the
    /// statement or token concerned; for a proof carried in a notice, the
    /// notice's record.
    pub index: usize,
    /// The statement concerned: the statement itself, or for a token the
    /// statement it stamps, or for a carried proof the proof.
    pub statement: Option<StatementId>,
    /// What happened, in a sentence.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at record {}: {}", self.rule, self.index, self.message)
    }
}

/// A rule broken by the statement being handled: what a check returns with
/// `?`. The validator records it with the statement's index and id.
#[derive(Debug)]
pub(crate) struct Broken {
    pub rule: Rule,
    pub message: String,
    /// The statement the finding is about, when not the one handled (a
    /// proof carried in a notice).
    pub about: Option<StatementId>,
}

impl Broken {
    /// The same finding, about statement `id`.
    pub fn about(mut self, id: StatementId) -> Broken {
        self.about.get_or_insert(id);
        self
    }
}

/// Fails with `rule` and the message `msg()` unless `ok`.
pub(crate) fn ensure(ok: bool, rule: Rule, msg: impl FnOnce() -> String) -> Result<(), Broken> {
    if ok {
        Ok(())
    } else {
        Err(Broken {
            rule,
            message: msg(),
            about: None,
        })
    }
}

/// Fails with `rule` and `message`.
pub(crate) fn broken<T>(rule: Rule, message: String) -> Result<T, Broken> {
    Err(Broken {
        rule,
        message,
        about: None,
    })
}
