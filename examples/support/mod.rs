//! The low-level story behind `dispute`: the seven-step procedure among a
//! seller, a buyer, a carrier, an insurer (a CIF contract), the buyer's
//! bank and a time-stamp authority, built with `Statement::build`, `seal`
//! and `open` directly rather than through sessions, because the dispute's
//! twists (a late acceptance acted on, title released before payment) are
//! exactly what a session refuses to sign. Every statement travels: signed
//! by its sender, sealed to its recipient, opened and verified by the
//! recipient, acknowledged with a receipt where the law needs one,
//! time-stamped by the authority. The seller archives everything in a
//! transcript file, which is then audited. `audit_file` is also the audit
//! printer of the session examples.

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use econtract::*;
use getrandom::SysRng;
use rand_core::{Rng, UnwrapErr};

type Res<T> = Result<T, Box<dyn Error>>;

/// What goes wrong in the story, if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Twist {
    /// Everything as agreed.
    None,
    /// The buyer's acceptance reaches the seller after the offer lapsed.
    LateAcceptance,
    /// The seller transfers the bill of lading before the buyer pays.
    TitleBeforePayment,
}

/// 2026-03-02T08:00:00Z plus `hours`.
fn at(hours: u64) -> UnixTime {
    UnixTime::from_secs(1_772_438_400 + hours * 3600).expect("in range")
}

pub struct Demo {
    pub transcript: PathBuf,
    pub cards: CardSet,
    rng: UnwrapErr<SysRng>,
    seller: PartySecret,
    buyer: PartySecret,
    carrier: PartySecret,
    insurer: PartySecret,
    bank: PartySecret,
    seller_bank: PartySecret,
    tsa: LocalAuthority<Box<dyn Fn() -> UnixTime>>,
    tsa_time: std::rc::Rc<std::cell::Cell<u64>>,
    archive: TranscriptWriter<fs::File>,
    contract: ContractId,
    verbose: bool,
}

impl Demo {
    /// New parties with fresh keys; their cards written to `dir/cards/`; an
    /// empty transcript at `dir/contract.ect`.
    pub fn new(dir: &Path, contract: &str, verbose: bool) -> Res<Demo> {
        fs::create_dir_all(dir.join("cards"))?;
        let mut rng = UnwrapErr(SysRng);
        let t0 = at(0);
        let seller = PartySecret::generate("Santos Coffee Exports Ltda", t0, &mut rng)?;
        let buyer = PartySecret::generate("Rotterdam Roasters BV", t0, &mut rng)?;
        let carrier = PartySecret::generate("Atlantic Ocean Lines SA", t0, &mut rng)?;
        let insurer = PartySecret::generate("Lloyd's Syndicate 9999", t0, &mut rng)?;
        let bank = PartySecret::generate("Handelsbank Rotterdam NV", t0, &mut rng)?;
        let seller_bank = PartySecret::generate("Banco do Comercio SA", t0, &mut rng)?;
        let tsa_key = PartySecret::generate("Qualified Time-Stamp Service", t0, &mut rng)?;
        let tsa_time = std::rc::Rc::new(std::cell::Cell::new(0u64));
        let tick = tsa_time.clone();
        let clock: Box<dyn Fn() -> UnixTime> =
            Box::new(move || UnixTime::from_secs(tick.get()).unwrap_or(UnixTime::MAX));
        let tsa = LocalAuthority::new(tsa_key, clock, 1).with_accuracy(1);
        let mut cards = CardSet::new();
        for card in [
            seller.card(),
            buyer.card(),
            carrier.card(),
            insurer.card(),
            bank.card(),
            seller_bank.card(),
            tsa.card(),
        ] {
            let file = dir
                .join("cards")
                .join(format!("{}.card", card.id().to_hex()[..16].to_owned()));
            fs::write(&file, card.as_bytes())?;
            cards.insert(card.clone());
        }
        let contract = ContractId::new(contract)?;
        let transcript = dir.join("contract.ect");
        let mut archive = TranscriptWriter::create(fs::File::create(&transcript)?, &contract)?;
        for c in cards.iter() {
            archive.card(c)?;
        }
        Ok(Demo {
            transcript,
            cards,
            rng,
            seller,
            buyer,
            carrier,
            insurer,
            bank,
            seller_bank,
            tsa,
            tsa_time,
            archive,
            contract,
            verbose,
        })
    }

    fn say(&self, line: String) {
        if self.verbose {
            println!("{line}");
        }
    }

    /// Signs `message` from `from` to `to` at `when`, has it time-stamped,
    /// seals it to `to`, lets `to` open and verify it, and archives it.
    fn send(
        &mut self,
        from: &PartySecret,
        to: &PartySecret,
        when: UnixTime,
        message: impl Into<Message>,
        answers: &[StatementId],
    ) -> Res<Verified<Statement>> {
        let mut b = Statement::build(from, to.card(), &self.contract, when, message).proof_cards(&self.cards);
        for a in answers {
            b = b.answers(*a);
        }
        let statement = b.sign()?;
        let envelope = seal(&statement, to.card(), &mut self.rng)?;
        let opened = open(&envelope, to, &self.cards, Some(&self.contract))?;
        assert_eq!(opened.id(), statement.id());
        self.archive.statement(&statement)?;
        self.say(format!(
            "  {} -> {}: {} ({} bytes sealed), {}",
            from.name(),
            to.name(),
            statement.kind(),
            envelope.len(),
            when
        ));
        if statement.kind() != Kind::Receipt {
            self.tsa_time.set(when.as_secs() + 2);
            let token = request_timestamp(&mut self.tsa, statement.id(), None)?;
            self.archive.token(&token)?;
        }
        Ok(statement)
    }

    /// `by` acknowledges that `what` reached it at `when`.
    fn receipt(&mut self, by: &PartySecret, to: &PartySecret, what: &Statement, when: UnixTime) -> Res<()> {
        self.send(by, to, when.plus(60), Receipt { received: when }, &[what.id()])?;
        Ok(())
    }

    /// Runs the procedure with `twist`; returns the transcript path.
    pub fn run(mut self, twist: Twist) -> Res<PathBuf> {
        // The parties act through `self.send`, which needs `self` mutably.
        let seller = clone(&self.seller)?;
        let buyer = clone(&self.buyer)?;
        let carrier = clone(&self.carrier)?;
        let insurer = clone(&self.insurer)?;
        let bank = clone(&self.bank)?;

        let terms = Terms {
            seller: seller.id(),
            buyer: buyer.id(),
            goods: vec![GoodsLine {
                description: "Brazilian Arabica green coffee, NY grade 2/3, screen 17/18, crop 2025/26".into(),
                quantity: 19_200,
                unit: "KGM".into(),
            }],
            price: Amount::new("USD", 9_600_000)?,
            incoterm: Incoterm::Cif,
            place: "Rotterdam".into(),
            payment: PaymentClause {
                terms: PaymentTerms::DocumentsAgainstPayment,
                method: "SWIFT gpi credit transfer by the buyer's bank".into(),
                channel: Channel::Direct,
                tenor_days: None,
                buyer_bank: Some(bank.id()),
                seller_bank: None,
            },
            documents: vec![
                DocumentRequirement {
                    document_type: DocumentType::BillOfLading,
                    issuer: carrier.id(),
                    title: true,
                },
                DocumentRequirement {
                    document_type: DocumentType::InsuranceDocument,
                    issuer: insurer.id(),
                    title: false,
                },
            ],
            shipment: Shipment {
                partial: false,
                latest: Some(at(10 * 24)),
            },
            law: Law {
                cisg: true,
                governing: "CISG; otherwise English law; arbitration under the LCIA Rules, London".into(),
            },
        };
        let lapse = if twist == Twist::LateAcceptance {
            at(24)
        } else {
            at(7 * 24)
        };

        self.say("1. Offer".into());
        let offer = self.send(
            &seller,
            &buyer,
            at(1),
            Offer {
                terms: terms.clone(),
                lapse: Some(lapse),
                irrevocable: false,
            },
            &[],
        )?;
        self.receipt(&buyer, &seller, &offer, at(1).plus(120))?;

        self.say("2. Acceptance".into());
        let accept_at = if twist == Twist::LateAcceptance { at(30) } else { at(20) };
        let acceptance = Acceptance {
            note: Some("Accepted as offered.".into()),
            ..Acceptance::default()
        };
        let acceptance = self.send(&buyer, &seller, accept_at, acceptance, &[offer.id()])?;
        self.receipt(&seller, &buyer, &acceptance, accept_at.plus(90))?;
        if twist == Twist::LateAcceptance {
            self.say("   (the acceptance arrived after the offer lapsed; the seller does not confirm it)".into());
            return self.finish();
        }

        self.say("3. Service instructions (CIF: the seller contracts carriage and insurance)".into());
        let task = "Carry 320 bags in one 20ft container, Santos to Rotterdam; issue a negotiable electronic bill of lading to the seller";
        let carriage = ServiceInstruction {
            service: ServiceKind::Carriage,
            task: task.into(),
        };
        let carriage = self.send(&seller, &carrier, at(22), carriage, &[acceptance.id()])?;
        let task = "Insure the cargo on Institute Cargo Clauses (A) for 110% of the CIF value";
        let insurance = ServiceInstruction {
            service: ServiceKind::Insurance,
            task: task.into(),
        };
        let insurance = self.send(&seller, &insurer, at(23), insurance, &[acceptance.id()])?;

        self.say("4. Service proofs: the insurance certificate, then the electronic bill of lading".into());
        let certificate = b"INSURANCE CERTIFICATE MC-2026-88231: ICC (A), USD 105,600.00, warehouse to warehouse";
        let proof_insurance = ServiceProof {
            document: Document {
                document_type: DocumentType::InsuranceDocument,
                id: "MC-2026-88231".into(),
                digest: Digest::of(certificate),
                issued_to: seller.id(),
                title: false,
                issued: at(70),
            },
            facts: Facts::Insurance {
                insured: Amount::new("USD", 10_560_000)?,
                cover_from: at(70),
            },
            comment: Some("Institute Cargo Clauses (A)".into()),
        };
        let proof_insurance = self.send(&insurer, &seller, at(70), proof_insurance, &[insurance.id()])?;
        let ebl = b"ELECTRONIC BILL OF LADING AOL-SSZ-RTM-2026-000417: 320 bags green coffee, shipped on board MV Atlantic Star, Santos, 2026-03-05";
        let bill = Document {
            document_type: DocumentType::BillOfLading,
            id: "AOL-SSZ-RTM-2026-000417".into(),
            digest: Digest::of(ebl),
            issued_to: seller.id(),
            title: true,
            issued: at(72),
        };
        let proof_carriage = ServiceProof {
            document: bill.clone(),
            facts: Facts::Carriage {
                quantities: vec![19_200],
                shipped: at(72),
                clean: true,
            },
            comment: Some("Shipped on board MV Atlantic Star at Santos; container MSCU 123456-5".into()),
        };
        let proof_carriage = self.send(&carrier, &seller, at(72), proof_carriage, &[carriage.id()])?;

        self.say("5. Performance notice, carrying both proofs".into());
        let notice = PerformanceNotice {
            due: terms.price,
            proofs: vec![
                proof_insurance.clone().into_inner(),
                proof_carriage.clone().into_inner(),
            ],
        };
        let notice = self.send(
            &seller,
            &buyer,
            at(74),
            notice,
            &[proof_insurance.id(), proof_carriage.id()],
        )?;
        self.receipt(&buyer, &seller, &notice, at(74).plus(300))?;

        let doc = DocumentRef {
            id: bill.id.clone(),
            digest: bill.digest,
        };
        let link = proof_carriage.id();
        let holder = clone(&seller)?;
        if twist == Twist::TitleBeforePayment {
            self.say("7. Title transfer (before any payment!)".into());
            self.send(
                &holder,
                &buyer,
                at(77),
                TitleTransfer { document: doc.clone() },
                &[link],
            )?;
        }

        let mut uetr = [0u8; 16];
        self.rng.fill_bytes(&mut uetr);
        self.say("6. Payment through the buyer's bank".into());
        let (payer, role, payee) = (clone(&bank)?, PayerRole::BuyerBank, clone(&seller)?);
        let payment = Payment {
            amount: terms.price,
            end_to_end_id: "RR-2026-0417-COFFEE".into(),
            uetr: Uetr::from_random(uetr),
            instrument: Instrument::FundsTransfer,
            method: "SWIFT gpi pacs.008".into(),
            is_final: true,
            payer: role,
            maturity: None,
            tenor_days: None,
        };
        let payment = self.send(&payer, &payee, at(96), payment, &[notice.id()])?;
        self.receipt(&payee, &payer, &payment, at(96).plus(600))?;

        if twist != Twist::TitleBeforePayment {
            self.say("7. Title transfer of the bill of lading to the buyer".into());
            let transfer = self.send(
                &holder,
                &buyer,
                at(98),
                TitleTransfer { document: doc },
                &[link, payment.id()],
            )?;
            self.receipt(&buyer, &holder, &transfer, at(98).plus(120))?;
        }
        self.finish()
    }

    fn finish(self) -> Res<PathBuf> {
        self.archive.finish()?.sync_all()?;
        Ok(self.transcript)
    }
}

fn clone(p: &PartySecret) -> Res<PartySecret> {
    Ok(PartySecret::from_secrets(
        p.name(),
        &p.signing_seed(),
        &p.encryption_secret(),
        p.card().created(),
    )?)
}

/// Audits `transcript` trusting the cards in `cards_dir`; returns the text
/// report and the report.
pub fn audit_file(transcript: &Path, cards_dir: &Path) -> Res<(String, Report)> {
    let mut trusted = CardSet::new();
    for entry in fs::read_dir(cards_dir)? {
        let card = PartyCard::from_bytes(&fs::read(entry?.path())?)?;
        trusted.insert(card);
    }
    let mut timeline = Vec::new();
    let file = std::io::BufReader::new(fs::File::open(transcript)?);
    let report = audit(file, Some(&trusted), Policy::default(), |e| timeline.push(e.clone()))?;
    Ok((econtract::render::text(&report, &timeline), report))
}
