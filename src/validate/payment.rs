//! Payment and collection (SPEC.md 18.5): payments towards the price,
//! accepted drafts, collection instructions and the remittance of proceeds
//! (URC 522).

use super::performance::{Collection, Money};
use super::rules::{Broken, Rule, broken, ensure};
use super::{Validator, money};
use crate::message::{Channel, CollectionInstruction, Instrument, PayerRole, Payment, PaymentTerms};
use crate::statement::Statement;

/// A fixed-size key for an end-to-end id.
fn e2e_key(p: &Payment) -> [u8; 16] {
    use sha2::Digest as _;
    let d = sha2::Sha256::digest(p.end_to_end_id.as_bytes());
    let mut k = [0u8; 16];
    k.copy_from_slice(&d[..16]);
    k
}

impl Money {
    /// A new end-to-end id and a new UETR (`PAY-E2E`, `PAY-UETR`).
    fn check_references(&self, p: &Payment) -> Result<(), Broken> {
        ensure(!self.end_to_end.contains(&e2e_key(p)), Rule::PayE2e, || {
            format!("the end-to-end id {:?} was used before", p.end_to_end_id)
        })?;
        ensure(!self.uetrs.contains(p.uetr.as_bytes()), Rule::PayUetr, || {
            format!("the UETR {} was used before", p.uetr)
        })
    }

    fn record_references(&mut self, p: &Payment) {
        self.end_to_end.insert(e2e_key(p));
        self.uetrs.insert(*p.uetr.as_bytes());
    }
}

/// Seconds in a day, for tenors.
const DAY: u64 = 86_400;

impl Validator {
    pub(crate) fn payment(&mut self, s: &Statement, p: &Payment) -> Result<(), Broken> {
        if p.payer == PayerRole::CollectingBank {
            return self.remittance(s, p);
        }
        let deal = self.deal_for(s)?;
        let t = deal.terms().clone();
        let from_ok = match p.payer {
            PayerRole::Buyer => s.sender() == t.buyer,
            _ => t.payment.buyer_bank == Some(s.sender()),
        };
        ensure(from_ok, Rule::RolePayment, || {
            format!(
                "a payment by {} as {} is no payment by the buyer or the bank the terms name",
                s.sender(),
                p.payer
            )
        })?;
        let to_bank = deal.collection.as_ref().map(|c| c.presenting_bank) == Some(s.recipient());
        ensure(s.recipient() == t.seller || to_bank, Rule::RolePayment, || {
            "a payment goes to the seller, or in a collection to the presenting bank".into()
        })?;
        let Some(notice) = deal.notice else {
            return broken(Rule::PayBeforeNotice, "a payment before the performance notice".into());
        };
        ensure(s.answers()[0] == notice, Rule::PayBeforeNotice, || {
            "a payment answers the performance notice".into()
        })?;
        if let Some(prev) = s.answers().get(1) {
            ensure(deal.money.payments.contains_key(prev), Rule::ChainTarget, || {
                "a payment's second answer is an earlier payment towards the price".into()
            })?;
        }
        ensure(p.amount.currency == t.price.currency, Rule::PayCurrency, || {
            format!("paid in {}, the price is in {}", p.amount.currency, t.price.currency)
        })?;
        deal.money.check_references(p)?;
        let m = &mut deal.money;
        match p.instrument {
            Instrument::AcceptedDraft => {
                ensure(
                    deal.against == PaymentTerms::DocumentsAgainstAcceptance
                        && m.draft.is_none()
                        && m.paid == 0
                        && p.amount == t.price,
                    Rule::PayDraft,
                    || {
                        "a draft is accepted only under documents against acceptance, once, for the full price, before any funds".into()
                    },
                )?;
                let tenor = p.tenor_days.unwrap_or(0);
                let maturity = p.maturity.unwrap_or(s.time());
                ensure(t.payment.tenor_days == Some(tenor), Rule::PayTenor, || {
                    format!(
                        "the draft is accepted at {tenor} days; the terms fix {:?}",
                        t.payment.tenor_days
                    )
                })?;
                let due = s.time().plus(tenor.saturating_mul(DAY));
                ensure(
                    maturity.as_secs().abs_diff(due.as_secs()) <= DAY,
                    Rule::PayTenor,
                    || format!("the draft matures {maturity}; {tenor} days after its acceptance is {due}"),
                )?;
                m.draft = Some((s.id(), maturity, tenor));
                m.payments.insert(s.id(), 0);
            }
            Instrument::FundsTransfer => {
                ensure(!m.complete, Rule::PayAmount, || {
                    "a payment after payment in full".into()
                })?;
                let total = m.paid.checked_add(p.amount.minor).filter(|n| *n <= t.price.minor);
                let Some(total) = total else {
                    return broken(
                        Rule::PayAmount,
                        format!("payments would exceed the price {}", money(t.price)),
                    );
                };
                ensure(!p.is_final || total == t.price.minor, Rule::PayAmount, || {
                    format!(
                        "the final payment leaves {} minor units outstanding",
                        t.price.minor - total
                    )
                })?;
                m.paid = total;
                m.complete = total == t.price.minor;
                m.payments.insert(s.id(), if to_bank { p.amount.minor } else { 0 });
            }
        }
        m.record_references(p);
        Ok(())
    }

    /// A presenting bank's remittance of proceeds (URC 522 Art. 16).
    fn remittance(&mut self, s: &Statement, p: &Payment) -> Result<(), Broken> {
        let deal = self.deal_for(s)?;
        let t = deal.terms().clone();
        let Some(c) = deal.collection.clone() else {
            return broken(Rule::RolePayment, "a remittance without a collection".into());
        };
        ensure(
            s.sender() == c.presenting_bank
                && (s.recipient() == t.seller || Some(s.recipient()) == t.payment.seller_bank),
            Rule::RolePayment,
            || "a remittance goes from the presenting bank to the seller or the remitting bank".into(),
        )?;
        ensure(s.answers().len() == 1, Rule::ChainTarget, || {
            "a remittance answers only the buyer's payment it remits".into()
        })?;
        let collected = deal.money.payments.get(&s.answers()[0]).copied().unwrap_or(0);
        ensure(collected > 0, Rule::PayRemittance, || {
            "a remittance answers a payment the buyer made to the presenting bank".into()
        })?;
        ensure(p.amount.currency == t.price.currency, Rule::PayCurrency, || {
            format!(
                "remitted in {}, the price is in {}",
                p.amount.currency, t.price.currency
            )
        })?;
        deal.money.check_references(p)?;
        let m = &mut deal.money;
        let before = m.remitted.get(&s.answers()[0]).copied().unwrap_or(0);
        let after = before.checked_add(p.amount.minor).filter(|n| *n <= collected);
        let Some(after) = after else {
            return broken(
                Rule::PayRemittance,
                "the bank would remit more than the buyer paid it".into(),
            );
        };
        m.remitted.insert(s.answers()[0], after);
        m.remitted_total = m.remitted_total.saturating_add(p.amount.minor);
        m.record_references(p);
        Ok(())
    }

    pub(crate) fn collection(&mut self, s: &Statement, c: &CollectionInstruction) -> Result<(), Broken> {
        let deal = self.deal_for(s)?;
        let t = deal.terms().clone();
        let banks = [t.payment.seller_bank, t.payment.buyer_bank];
        ensure(
            t.payment.channel == Channel::Collection && s.sender() == t.seller && banks.contains(&Some(s.recipient())),
            Rule::RoleCollection,
            || {
                "a collection instruction goes from the seller to a bank the terms name, under terms that provide for a collection".into()
            },
        )?;
        ensure(deal.collection.is_none(), Rule::CollDocuments, || {
            "a second collection instruction".into()
        })?;
        ensure(
            c.terms == deal.against
                && c.amount == t.price
                && c.tenor_days == t.payment.tenor_days
                && Some(c.presenting_bank) == t.payment.buyer_bank,
            Rule::CollTerms,
            || "the collection instruction's terms, amount, tenor or presenting bank differ from the contract's".into(),
        )?;
        ensure(c.documents.len() == s.answers().len(), Rule::CollDocuments, || {
            "a collection instruction answers the proof of each document it lists".into()
        })?;
        for (d, a) in c.documents.iter().zip(s.answers()) {
            let issued = deal
                .proofs
                .iter()
                .any(|p| p.id == *a && p.document.id == d.id && p.document.digest == d.digest);
            ensure(issued, Rule::CollDocuments, || {
                format!("the document {:?} is not issued in the proof it answers", d.id)
            })?;
        }
        let seller = t.seller;
        for d in &c.documents {
            if let Some(chain) = deal.titles.iter_mut().find(|x| x.document == *d) {
                ensure(chain.holder == seller && !chain.surrendered, Rule::TitleHolder, || {
                    format!("the seller no longer holds the title document {:?}", d.id)
                })?;
            }
        }
        let every_title = deal.titles.iter().all(|x| c.documents.contains(&x.document));
        ensure(every_title, Rule::CollDocuments, || {
            "the collection instruction leaves out a title document".into()
        })?;
        for chain in deal.titles.iter_mut() {
            chain.pass(s.id(), s.recipient());
        }
        deal.collection = Some(Collection {
            presenting_bank: c.presenting_bank,
        });
        Ok(())
    }
}
