//! Performance (SPEC.md 18.5): the deal once concluded, service
//! instructions, service proofs and what their documents state, and the
//! performance notice.

use std::collections::HashMap;

use super::formation::OfferInfo;
use super::report::Status;
use super::rules::{Broken, Rule, broken, ensure};
use super::title::Chain;
use super::{Validator, money, quote};
use crate::ids::{PartyId, StatementId, UnixTime};
use crate::message::{
    Channel, Document, Facts, InspectionResult, Message, PaymentTerms, PerformanceNotice, ServiceInstruction,
    ServiceKind, ServiceProof, Terms,
};
use crate::statement::Statement;

/// An instruction, as the deal keeps it.
#[derive(Clone, Debug)]
pub(crate) struct Job {
    pub provider: PartyId,
    pub service: ServiceKind,
}

/// A proof applied to the deal.
#[derive(Clone, Debug)]
pub(crate) struct Proven {
    pub id: StatementId,
    pub issuer: PartyId,
    pub document: Document,
    pub facts: Facts,
}

/// Money so far (SPEC.md 18.5, payments).
#[derive(Clone, Debug, Default)]
pub(crate) struct Money {
    /// Funds paid towards the price.
    pub paid: u64,
    /// Whether the price is paid in full.
    pub complete: bool,
    /// The accepted draft: statement, maturity, tenor.
    pub draft: Option<(StatementId, UnixTime, u64)>,
    /// Payments towards the price (and the draft), by id, with the amount
    /// paid to the presenting bank.
    pub payments: HashMap<StatementId, u64>,
    /// A 16-byte hash of each end-to-end id used.
    pub end_to_end: std::collections::HashSet<[u8; 16]>,
    pub uetrs: std::collections::HashSet<[u8; 16]>,
    /// Proceeds remitted, per buyer payment.
    pub remitted: HashMap<StatementId, u64>,
    pub remitted_total: u64,
}

/// A collection under way (URC 522).
#[derive(Clone, Debug)]
pub(crate) struct Collection {
    pub presenting_bank: PartyId,
}

/// Everything after conclusion: one state for the whole performance phase;
/// the status is derived from it.
#[derive(Clone, Debug)]
pub(crate) struct Deal {
    pub offer: OfferInfo,
    pub concluded_at: UnixTime,
    pub concluded_by: StatementId,
    pub against: PaymentTerms,
    pub jobs: HashMap<StatementId, Job>,
    pub proofs: Vec<Proven>,
    pub shipped: Vec<u64>,
    pub shipments: usize,
    pub first_shipped: Option<UnixTime>,
    pub notice: Option<StatementId>,
    pub money: Money,
    pub collection: Option<Collection>,
    pub titles: Vec<Chain>,
}

/// The problems of terms that are reported but leave an offer standing
/// (`TERMS-*`, SPEC.md 18.5).
pub(crate) fn terms_problems(t: &Terms) -> Vec<(Rule, String)> {
    let mut out = Vec::new();
    let transport: Vec<_> = t
        .documents
        .iter()
        .filter(|d| d.document_type.service() == ServiceKind::Carriage)
        .collect();
    if t.incoterm.seller_contracts_carriage() && transport.is_empty() {
        out.push((
            Rule::TermsIncoterm,
            format!(
                "under {} the seller contracts carriage, but the terms require no transport document",
                t.incoterm
            ),
        ));
    }
    if t.incoterm.seller_insures()
        && !t
            .documents
            .iter()
            .any(|d| d.document_type.service() == ServiceKind::Insurance)
    {
        out.push((
            Rule::TermsIncoterm,
            format!(
                "under {} the seller insures, but the terms require no insurance document",
                t.incoterm
            ),
        ));
    }
    if t.incoterm.sea_only()
        && let Some(d) = transport.iter().find(|d| !d.document_type.is_sea())
    {
        out.push((
            Rule::TermsIncoterm,
            format!(
                "{} is for sea transport, but the terms require a {}",
                t.incoterm, d.document_type
            ),
        ));
    }
    if let Some(d) = t.documents.iter().find(|d| d.issuer == t.seller || d.issuer == t.buyer) {
        out.push((
            Rule::TermsIssuer,
            format!("the {} is to be issued by a party to the sale", d.document_type),
        ));
    } else if let Some(d) = t.documents.iter().find(|d| d.title && !d.document_type.can_be_title()) {
        out.push((
            Rule::TermsIssuer,
            format!("a {} is never a document of title", d.document_type),
        ));
    }
    match (t.payment.terms, t.payment.tenor_days) {
        (PaymentTerms::DocumentsAgainstAcceptance, None) => out.push((
            Rule::TermsTenor,
            "documents against acceptance without a tenor leaves the draft's term to the drawee".into(),
        )),
        (PaymentTerms::DocumentsAgainstPayment, Some(_)) => out.push((
            Rule::TermsTenor,
            "documents against payment with a tenor: there is no draft to accept".into(),
        )),
        _ => {}
    }
    let banks = [t.payment.buyer_bank, t.payment.seller_bank];
    if t.payment.channel == Channel::Collection && t.payment.buyer_bank.is_none() {
        out.push((
            Rule::TermsCollection,
            "a collection without the buyer's bank to present the documents".into(),
        ));
    } else if banks.iter().flatten().any(|b| *b == t.seller || *b == t.buyer) {
        out.push((
            Rule::TermsCollection,
            "a bank the terms name is the seller or the buyer".into(),
        ));
    }
    out
}

impl Deal {
    pub fn new(offer: OfferInfo, concluded_at: UnixTime, concluded_by: StatementId, against: PaymentTerms) -> Deal {
        let lines = offer.terms.goods.len();
        Deal {
            offer,
            concluded_at,
            concluded_by,
            against,
            jobs: HashMap::new(),
            proofs: Vec::new(),
            shipped: vec![0; lines],
            shipments: 0,
            first_shipped: None,
            notice: None,
            money: Money::default(),
            collection: None,
            titles: Vec::new(),
        }
    }

    pub fn terms(&self) -> &Terms {
        &self.offer.terms
    }

    /// Who contracts `service` (Incoterms 2020 A4/B4): the buyer for
    /// carriage under EXW, FCA, FAS and FOB, otherwise the seller.
    pub fn instructor(&self, service: ServiceKind) -> PartyId {
        let t = self.terms();
        if service == ServiceKind::Carriage && !t.incoterm.seller_contracts_carriage() {
            t.buyer
        } else {
            t.seller
        }
    }

    fn has_carriage(&self) -> bool {
        self.terms()
            .documents
            .iter()
            .any(|d| d.document_type.service() == ServiceKind::Carriage)
    }

    fn shipped_in_full(&self) -> bool {
        self.shipped
            .iter()
            .zip(&self.terms().goods)
            .all(|(s, g)| *s == g.quantity)
    }

    /// Whether every document the terms require is proven (and, with
    /// carriage, every unit shipped).
    pub fn all_proven(&self) -> bool {
        self.terms().documents.iter().all(|r| {
            self.proofs
                .iter()
                .any(|p| p.issuer == r.issuer && p.document.document_type == r.document_type)
        }) && (!self.has_carriage() || self.shipped_in_full())
    }

    /// Whether the buyer may have the title documents: paid in full, or a
    /// draft accepted under documents against acceptance.
    pub fn entitled(&self) -> bool {
        self.money.complete || (self.against == PaymentTerms::DocumentsAgainstAcceptance && self.money.draft.is_some())
    }

    /// Where the deal stands (SPEC.md 18.1).
    pub fn status(&self) -> Status {
        let titles_with_buyer = !self.titles.is_empty() && self.titles.iter().all(|t| t.reached_buyer);
        if self.money.complete && self.notice.is_some() && (self.titles.is_empty() || titles_with_buyer) {
            Status::Completed
        } else if titles_with_buyer {
            Status::TitleTransferred
        } else if self.entitled() {
            Status::Paid
        } else if self.notice.is_some() {
            Status::PerformanceNotified
        } else if self.all_proven() && !self.proofs.is_empty() {
            Status::Serviced
        } else if !self.jobs.is_empty() || !self.proofs.is_empty() {
            Status::Instructed
        } else {
            Status::Concluded
        }
    }

    /// Checks what proof `p` by `issuer` states against the terms, and
    /// applies it (SPEC.md 18.5, service proof).
    pub fn prove(&mut self, id: StatementId, issuer: PartyId, p: &ServiceProof) -> Result<(), Broken> {
        let t = &self.offer.terms;
        let service = p.service();
        // The requirement of this very document type from this issuer, or
        // failing that one of the same service (for the findings below).
        let exact = t
            .documents
            .iter()
            .find(|r| r.issuer == issuer && r.document_type == p.document.document_type);
        let Some(req) = exact.or_else(|| t.requirement(&issuer, service)) else {
            return broken(
                Rule::PerfService,
                format!("the terms name {issuer} as the issuer of no {service} document"),
            );
        };
        let d = &p.document;
        ensure(d.document_type == req.document_type, Rule::PerfDocument, || {
            format!(
                "the proof gives a {}, the terms require a {}",
                d.document_type, req.document_type
            )
        })?;
        ensure(!req.title || d.title, Rule::PerfDocument, || {
            format!("the terms require the {} as a document of title", d.document_type)
        })?;
        ensure(d.issued_to == t.seller, Rule::PerfDocument, || {
            format!(
                "the {} is issued to {}, not to the seller",
                d.document_type, d.issued_to
            )
        })?;
        if d.title {
            ensure(
                !self.titles.iter().any(|c| c.document.id == d.id),
                Rule::TitleIssue,
                || format!("the title document {} is issued a second time", quote(&d.id)),
            )?;
        }
        let mut shipped = self.shipped.clone();
        match &p.facts {
            Facts::Carriage {
                quantities,
                shipped: on,
                clean,
            } => {
                ensure(quantities.len() == t.goods.len(), Rule::PerfQuantity, || {
                    format!(
                        "the proof gives {} quantities for {} goods lines",
                        quantities.len(),
                        t.goods.len()
                    )
                })?;
                for (i, q) in quantities.iter().enumerate() {
                    let total = shipped[i].checked_add(*q);
                    ensure(
                        total.is_some_and(|n| n <= t.goods[i].quantity),
                        Rule::PerfQuantity,
                        || {
                            format!(
                                "line {} would be shipped beyond the contracted {} {}",
                                i + 1,
                                t.goods[i].quantity,
                                t.goods[i].unit
                            )
                        },
                    )?;
                    shipped[i] = total.unwrap_or(u64::MAX);
                }
                if !t.shipment.partial {
                    let whole = shipped.iter().zip(&t.goods).all(|(s, g)| *s == g.quantity);
                    ensure(self.shipments == 0 && whole, Rule::PerfPartial, || {
                        "the terms do not allow partial shipments, and this shipment is not the whole quantity".into()
                    })?;
                }
                if let Some(latest) = t.shipment.latest {
                    ensure(*on <= latest, Rule::PerfShipmentDate, || {
                        format!("shipped {on}, after the latest shipment date {latest}")
                    })?;
                }
                ensure(*clean, Rule::PerfClean, || {
                    format!("the {} is claused (not clean)", d.document_type)
                })?;
            }
            Facts::Inspection { result, .. } => {
                ensure(*result == InspectionResult::Passed, Rule::PerfInspection, || {
                    "the inspection certificate states that the goods failed".into()
                })?;
            }
            Facts::Insurance { insured, cover_from } => {
                let enough = u128::from(insured.minor) * 10 >= u128::from(t.price.minor) * 11;
                ensure(
                    insured.currency == t.price.currency && enough,
                    Rule::PerfInsurance,
                    || {
                        format!(
                            "insured for {}, less than 110% of the price {}",
                            money(*insured),
                            money(t.price)
                        )
                    },
                )?;
                if let Some(first) = self.first_shipped {
                    ensure(*cover_from <= first, Rule::PerfInsurance, || {
                        format!("cover starts {cover_from}, after shipment ({first})")
                    })?;
                }
            }
            Facts::Storage { quantities } => {
                let fits =
                    quantities.len() == t.goods.len() && quantities.iter().zip(&t.goods).all(|(q, g)| *q <= g.quantity);
                ensure(fits, Rule::PerfQuantity, || {
                    "the warehouse receipt gives quantities that do not fit the goods lines".into()
                })?;
            }
            Facts::Certification {} => {}
        }
        if let Facts::Carriage { shipped: on, .. } = &p.facts {
            self.shipped = shipped;
            self.shipments += 1;
            self.first_shipped = Some(self.first_shipped.map_or(*on, |f| f.min(*on)));
        }
        if d.title {
            self.titles.push(Chain::issued(id, issuer, d, self.offer.terms.seller));
        }
        self.proofs.push(Proven {
            id,
            issuer,
            document: d.clone(),
            facts: p.facts.clone(),
        });
        Ok(())
    }
}

impl Validator {
    pub(crate) fn instruction(&mut self, s: &Statement, i: &ServiceInstruction) -> Result<(), Broken> {
        let deal = self.deal_for(s)?;
        ensure(deal.notice.is_none(), Rule::SeqUnexpected, || {
            "an instruction after the performance notice".into()
        })?;
        ensure(s.answers()[0] == deal.concluded_by, Rule::ChainTarget, || {
            "an instruction answers the acceptance that concluded the contract".into()
        })?;
        ensure(s.sender() == deal.instructor(i.service), Rule::RoleInstruction, || {
            format!(
                "{} is contracted by {} under {}",
                i.service,
                deal.instructor(i.service),
                deal.terms().incoterm
            )
        })?;
        ensure(
            deal.terms().requirement(&s.recipient(), i.service).is_some(),
            Rule::PerfService,
            || {
                format!(
                    "the terms name {} as the issuer of no {} document",
                    s.recipient(),
                    i.service
                )
            },
        )?;
        deal.jobs.insert(
            s.id(),
            Job {
                provider: s.recipient(),
                service: i.service,
            },
        );
        Ok(())
    }

    pub(crate) fn proof(&mut self, s: &Statement, p: &ServiceProof) -> Result<(), Broken> {
        let deal = self.deal_for(s)?;
        ensure(deal.notice.is_none(), Rule::SeqUnexpected, || {
            "a proof after the performance notice".into()
        })?;
        let Some(job) = deal.jobs.get(&s.answers()[0]).cloned() else {
            return broken(
                Rule::ChainTarget,
                "a proof answers an instruction of this contract".into(),
            );
        };
        ensure(
            s.sender() == job.provider && s.recipient() == deal.terms().seller,
            Rule::RoleProof,
            || "the proof does not go from the instructed provider to the seller".into(),
        )?;
        ensure(p.service() == job.service, Rule::PerfProof, || {
            format!(
                "the instruction asked for {}, the proof is for {}",
                job.service,
                p.service()
            )
        })?;
        deal.prove(s.id(), s.sender(), p)
    }

    pub(crate) fn performance_notice(&mut self, s: &Statement, n: &PerformanceNotice) -> Result<(), Broken> {
        let skew = self.policy.clock_skew;
        let deal = self.deal_for(s)?;
        ensure(deal.notice.is_none(), Rule::SeqUnexpected, || {
            "a second performance notice".into()
        })?;
        ensure(
            s.sender() == deal.terms().seller && s.recipient() == deal.terms().buyer,
            Rule::RoleNotice,
            || "the notice does not go from the seller to the buyer".into(),
        )?;
        let mut d = deal.clone();
        for p in &n.proofs {
            let check = |d: &mut Deal| -> Result<(), Broken> {
                ensure(
                    p.time().plus(skew) >= d.concluded_at,
                    Rule::PerfBeforeConclusion,
                    || {
                        format!(
                            "the carried proof is signed at {}, before the contract was concluded ({})",
                            p.time(),
                            d.concluded_at
                        )
                    },
                )?;
                if d.proofs.iter().any(|x| x.id == p.id()) {
                    return Ok(());
                }
                let Message::ServiceProof(body) = p.message() else {
                    return Ok(());
                };
                d.prove(p.id(), p.sender(), body)
            };
            check(&mut d).map_err(|b| b.about(p.id()))?;
        }
        for r in &d.terms().documents {
            ensure(
                n.proofs.iter().any(|p| {
                    p.sender() == r.issuer
                        && matches!(p.message(), Message::ServiceProof(b) if b.document.document_type == r.document_type)
                }),
                Rule::PerfNoticeEarly,
                || format!("the notice carries no {} from {}", r.document_type, r.issuer),
            )?;
        }
        if let Some(missing) = d.proofs.iter().find(|x| !n.proofs.iter().any(|p| p.id() == x.id)) {
            return broken(
                Rule::PerfNoticeEarly,
                format!("the notice does not carry the proof {}", missing.id),
            );
        }
        if d.has_carriage() {
            ensure(d.shipped_in_full(), Rule::PerfQuantity, || {
                format!(
                    "the shipments add up to {:?}, the terms to {:?}",
                    d.shipped,
                    d.terms().goods.iter().map(|g| g.quantity).collect::<Vec<_>>()
                )
            })?;
        }
        if let Some(first) = d.first_shipped {
            for p in &d.proofs {
                if let Facts::Insurance { cover_from, .. } = p.facts {
                    ensure(cover_from <= first, Rule::PerfInsurance, || {
                        format!("cover starts {cover_from}, after shipment ({first})")
                    })
                    .map_err(|b| b.about(p.id))?;
                }
            }
        }
        ensure(n.due == d.terms().price, Rule::PerfNoticeAmount, || {
            format!(
                "the notice asks for {}, the price is {}",
                money(n.due),
                money(d.terms().price)
            )
        })?;
        d.notice = Some(s.id());
        *self.deal_for(s)? = d;
        Ok(())
    }
}
