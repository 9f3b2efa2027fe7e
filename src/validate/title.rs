//! Title (SPEC.md 18.5): the chain of each title document through its
//! holders, from its issue in a proof to the buyer (MLETR Arts. 10, 11;
//! DCSA PINT transfer chains).

use std::collections::HashSet;

use super::report::TitleSummary;
use super::rules::{Broken, Rule, broken, ensure};
use super::{Validator, quote};
use crate::ids::{PartyId, StatementId};
use crate::message::{Channel, Document, DocumentRef, DocumentType, TitleTransfer};
use crate::statement::Statement;

/// One title document's chain.
#[derive(Clone, Debug)]
pub(crate) struct Chain {
    pub document: DocumentRef,
    pub document_type: DocumentType,
    pub issuer: PartyId,
    pub holder: PartyId,
    /// The statement whose state the next transfer must start from: the
    /// issuing proof, the collection instruction, or the last transfer.
    pub last: StatementId,
    /// Earlier states, already transferred from.
    pub spent: HashSet<StatementId>,
    pub transfers: usize,
    pub surrendered: bool,
    /// Whether the buyer holds or held it.
    pub reached_buyer: bool,
}

impl Chain {
    pub fn issued(proof: StatementId, issuer: PartyId, d: &Document, holder: PartyId) -> Chain {
        Chain {
            document: DocumentRef {
                id: d.id.clone(),
                digest: d.digest,
            },
            document_type: d.document_type,
            issuer,
            holder,
            last: proof,
            spent: HashSet::new(),
            transfers: 0,
            surrendered: false,
            reached_buyer: false,
        }
    }

    /// Control passes to `to` by statement `by`.
    pub fn pass(&mut self, by: StatementId, to: PartyId) {
        self.spent.insert(self.last);
        self.last = by;
        self.holder = to;
        self.transfers += 1;
    }

    pub fn summary(&self) -> TitleSummary {
        TitleSummary {
            document: self.document.clone(),
            document_type: self.document_type,
            issuer: self.issuer,
            holder: self.holder,
            surrendered: self.surrendered,
            transfers: self.transfers,
        }
    }
}

impl Validator {
    pub(crate) fn transfer(&mut self, s: &Statement, x: &TitleTransfer) -> Result<(), Broken> {
        let deal = self.deal_for(s)?;
        let t = deal.terms().clone();
        let entitled = deal.entitled();
        let payments: Vec<StatementId> = deal.money.payments.keys().copied().collect();
        let collection = deal.collection.clone();
        let Some(chain) = deal.titles.iter_mut().find(|c| c.document == x.document) else {
            return broken(
                Rule::TitleDocument,
                format!(
                    "no title document {} was issued in this contract",
                    quote(&x.document.id)
                ),
            );
        };
        ensure(!chain.surrendered, Rule::TitleSurrendered, || {
            "the document was surrendered to its issuer".into()
        })?;
        let answers = s.answers();
        ensure(
            !answers.iter().any(|a| chain.spent.contains(a)),
            Rule::TitleDouble,
            || "the transfer starts from a state of the document already transferred from".into(),
        )?;
        ensure(answers.contains(&chain.last), Rule::TitleDocument, || {
            "the transfer does not answer the last link of the document's chain".into()
        })?;
        ensure(s.sender() == chain.holder, Rule::TitleHolder, || {
            format!("the sender does not hold the document ({} does)", chain.holder)
        })?;
        let banks: Vec<PartyId> = [t.payment.seller_bank, t.payment.buyer_bank]
            .into_iter()
            .flatten()
            .collect();
        let presenting = collection.as_ref().map(|c| c.presenting_bank);
        let releases = s.sender() == t.seller || Some(s.sender()) == presenting;
        if s.sender() == t.seller && t.payment.channel == Channel::Collection {
            return broken(
                Rule::TitleBank,
                "under a collection the seller hands the documents to a bank by a collection instruction".into(),
            );
        }
        // Unpaid documents go back the way they came (URC 522 Arts. 25, 26).
        let back = s.recipient() == t.seller || Some(s.recipient()) == t.payment.seller_bank;
        if collection.is_some() && banks.contains(&s.sender()) && Some(s.sender()) != presenting {
            ensure(Some(s.recipient()) == presenting || back, Rule::TitleBank, || {
                "the remitting bank passes the documents only to the presenting bank, or back to the seller".into()
            })?;
        } else if releases && !(collection.is_some() && Some(s.sender()) == presenting && back) {
            ensure(s.recipient() == t.buyer, Rule::TitleToBuyer, || {
                format!(
                    "{} releases the document to {}, not the buyer",
                    s.sender(),
                    s.recipient()
                )
            })?;
            ensure(entitled, Rule::TitleBeforePayment, || {
                "the document is released before full payment or an accepted draft".into()
            })?;
            ensure(
                answers.iter().any(|a| payments.contains(a)),
                Rule::TitleBeforePayment,
                || "the release does not answer the payment or draft that entitles it".into(),
            )?;
        }
        chain.pass(s.id(), s.recipient());
        if s.recipient() == t.buyer {
            chain.reached_buyer = true;
        }
        if s.recipient() == chain.issuer {
            chain.surrendered = true;
        }
        Ok(())
    }
}
