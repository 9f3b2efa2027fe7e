//! Partial views (SPEC.md 18.9): a provider's or a bank's own archive.
//!
//! Such a party never receives the offer or the acceptance, so references
//! to statements it never received are outside its view, not dangling, and
//! the report says what it can know: the instructions it got and the
//! proofs it gave, the collection it handles, the payments it made or
//! received, and the chain of each title document as far as it saw it.
//! The checks of 18.2 (contract, duplicates, equivocation, time order, key
//! validity) and 18.3 (evidence) apply as in a full archive, and title
//! transfers it saw must follow one another (`TITLE-HOLDER`,
//! `TITLE-DOUBLE`, `TITLE-SURRENDERED`).

use std::collections::{HashMap, HashSet};

use super::index::Item;
use super::report::ViewSummary;
use super::rules::{Broken, Rule, ensure};
use super::{Validator, money, quote};
use crate::ids::{PartyId, StatementId};
use crate::message::{DocumentRef, Message};
use crate::statement::Statement;

/// What a viewer's archive has shown so far.
#[derive(Clone, Debug)]
pub(crate) struct View {
    viewer: PartyId,
    outside: Vec<StatementId>,
    known: Vec<String>,
    /// Each title document seen.
    chains: HashMap<DocumentRef, ViewChain>,
    /// Links already transferred from, per document.
    spent: HashSet<(DocumentRef, StatementId)>,
}

/// A title document's chain as far as the viewer saw it.
#[derive(Clone, Copy, Debug)]
struct ViewChain {
    holder: PartyId,
    last: StatementId,
    /// Known if the viewer saw the issue.
    issuer: Option<PartyId>,
    surrendered: bool,
}

const MAX_KNOWN: usize = 1024;

impl View {
    pub fn new(viewer: PartyId) -> View {
        View {
            viewer,
            outside: Vec::new(),
            known: Vec::new(),
            chains: HashMap::new(),
            spent: HashSet::new(),
        }
    }

    pub fn summary(&self) -> ViewSummary {
        ViewSummary {
            viewer: self.viewer,
            outside: self.outside.clone(),
            known: self.known.clone(),
        }
    }

    fn know(&mut self, index: usize, what: String) {
        if self.known.len() < MAX_KNOWN {
            self.known.push(format!("record {index}: {what}"));
        }
    }
}

impl Validator {
    /// A statement or token whose references lie outside the viewer's view:
    /// the references are noted and it is processed at once.
    pub(crate) fn view_outside(&mut self, index: usize, missing: Vec<StatementId>, item: Item) {
        if let Some(v) = self.view.as_mut() {
            for m in &missing {
                if !v.outside.contains(m) && v.outside.len() < MAX_KNOWN {
                    v.outside.push(*m);
                }
            }
        }
        match item {
            Item::Statement(s) => self.process(index, &s),
            Item::Token(_) => {
                self.notice(format!(
                    "the token at record {index} stamps a statement outside this view"
                ));
            }
        }
    }

    /// What a statement tells the viewer (SPEC.md 18.9).
    pub(crate) fn view_statement(&mut self, index: usize, s: &Statement) -> Result<(), Broken> {
        let name = |v: &Validator, p: PartyId| v.card_info(&p).map_or_else(|| p.to_string(), |c| quote(c.0));
        let (from, to) = (name(self, s.sender()), name(self, s.recipient()));
        let what = match s.message() {
            Message::ServiceInstruction(i) => {
                format!("{from} instructed {to} to perform {}: {}", i.service, quote(&i.task))
            }
            Message::ServiceProof(p) => {
                let d = &p.document;
                if d.title {
                    self.view_chain_start(d, s)?;
                }
                format!(
                    "{from} proved {} to {to}: {} {} issued to {}",
                    p.service(),
                    d.document_type,
                    quote(&d.id),
                    name(self, d.issued_to)
                )
            }
            Message::CollectionInstruction(c) => {
                for d in &c.documents {
                    self.view_pass(d, s)?;
                }
                format!(
                    "{from} handed {} document(s) for collection to {to}, {} for {}",
                    c.documents.len(),
                    c.terms,
                    money(c.amount)
                )
            }
            Message::Payment(p) => format!(
                "{from} paid {} to {to} as {} ({})",
                money(p.amount),
                p.payer,
                p.instrument
            ),
            Message::TitleTransfer(t) => {
                self.view_pass(&t.document, s)?;
                format!("{from} transferred {} to {to}", quote(&t.document.id))
            }
            m => format!("{} from {from} to {to}", m.kind()),
        };
        if let Some(v) = self.view.as_mut() {
            v.know(index, what);
        }
        Ok(())
    }

    fn view_chain_start(&mut self, d: &crate::message::Document, s: &Statement) -> Result<(), Broken> {
        let r = DocumentRef {
            id: d.id.clone(),
            digest: d.digest,
        };
        let Some(v) = self.view.as_mut() else { return Ok(()) };
        ensure(!v.chains.contains_key(&r), Rule::TitleIssue, || {
            format!("the title document {} is issued a second time", quote(&d.id))
        })?;
        v.chains.insert(
            r,
            ViewChain {
                holder: d.issued_to,
                last: s.id(),
                issuer: Some(s.sender()),
                surrendered: false,
            },
        );
        Ok(())
    }

    /// A transfer of control seen in the view.
    fn view_pass(&mut self, d: &DocumentRef, s: &Statement) -> Result<(), Broken> {
        let Some(v) = self.view.as_mut() else { return Ok(()) };
        let next = match v.chains.get(d).copied() {
            Some(c) => {
                ensure(!c.surrendered, Rule::TitleSurrendered, || {
                    "the document was surrendered to its issuer".into()
                })?;
                ensure(
                    !s.answers().iter().any(|a| v.spent.contains(&(d.clone(), *a))),
                    Rule::TitleDouble,
                    || "the transfer starts from a state of the document already transferred from".into(),
                )?;
                // Only a transfer from the link the viewer saw last must come
                // from its holder; one answering a link outside the view is
                // followed from here.
                if s.answers().contains(&c.last) {
                    ensure(s.sender() == c.holder, Rule::TitleHolder, || {
                        format!("the sender does not hold the document ({} does)", c.holder)
                    })?;
                }
                v.spent.insert((d.clone(), c.last));
                for a in s.answers() {
                    v.spent.insert((d.clone(), *a));
                }
                ViewChain {
                    holder: s.recipient(),
                    last: s.id(),
                    issuer: c.issuer,
                    surrendered: c.issuer == Some(s.recipient()),
                }
            }
            // The chain starts outside the view: it is followed from here.
            None => ViewChain {
                holder: s.recipient(),
                last: s.id(),
                issuer: None,
                surrendered: false,
            },
        };
        v.chains.insert(d.clone(), next);
        Ok(())
    }
}
