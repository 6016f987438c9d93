"""Shares of world output (%) that the start of the standard scenario must reproduce
within TOLERANCE points, each with its source in the research file
(../shared/research/minerals_facts.md)."""

TOLERANCE = 5.0

# (mineral, stage, nation, target %, source)
SHARE_TARGETS = [
    ("ndpr", "ore", "china", 69.2, "T1: 270,000 of 390,000 t REO, USGS MCS 2025"),
    ("ndpr", "ore", "usa", 11.5, "T1: 45,000 of 390,000 t REO"),
    ("ndpr", "ore", "myanmar", 7.9, "T1: 31,000 of 390,000 t REO"),
    ("ndpr", "ore", "australia", 3.3, "T1: 13,000 of 390,000 t REO"),
    ("ndpr", "refined", "china", 92.0, "T7: IEA, China 92% of refined REE output (2023)"),
    ("ndpr", "refined", "malaysia", 5.0, "T7: China+Malaysia+Australia 98%; Malaysia ~5% (Lynas)"),
    ("dytb", "ore", "myanmar", 72.5, "T9/R82: Myanmar ~50,000 t of ion-adsorption clay vs China's 19,000 t quota"),
    ("dytb", "ore", "china", 27.5, "T9/R82: China's ion-adsorption clay quota 19,000 t"),
    ("dytb", "refined", "china", 99.0, "T7/R78: Lynas separated the first Dy oxide outside China only in May 2025"),
    ("lithium", "ore", "australia", 36.7, "T2: 88,000 of 240,000 t"),
    ("lithium", "ore", "chile", 20.4, "T2: ~49,000 of 240,000 t"),
    ("lithium", "ore", "china", 17.1, "T2: ~41,000 of 240,000 t"),
    ("lithium", "refined", "china", 65.0, "T7: IEA 60% (2023) to ~70% (2024)"),
    ("cobalt", "ore", "drc", 75.9, "T3: 220,000 of 290,000 t"),
    ("cobalt", "ore", "indonesia", 9.7, "T3: 28,000 of 290,000 t"),
    ("cobalt", "refined", "china", 76.0, "T7: IEA 73% (2023) to ~80% (2024)"),
    ("nickel", "ore", "indonesia", 59.5, "T4: ~2,200,000 of ~3,700,000 t"),
    ("graphite", "ore", "china", 78.0, "T5: ~78% of natural graphite (2024e)"),
    ("graphite", "refined", "china", 93.0, "T5/T7: >90% of battery anode material"),
    ("gallium", "ore", "china", 98.0, "T6: 98% of primary gallium"),
]

# China's refining share counting what it owns in Indonesia: IEA via Hogan Lovells,
# nickel 65-70% incl. Chinese-controlled Indonesian capacity (T7).
CONTROLLED_TARGETS = [("nickel", "refined", "china", 67.5, "T7: 65-70% incl. Chinese-owned Indonesian plants")]

# Start prices in each mineral's own unit (content reference), with the source range.
PRICE_TARGETS = [
    ("ndpr", "refined", 50, 62, "T8: NdPr oxide FOB China $50-55/kg (2024), ~$60 (Jul 2025)"),
    ("dytb", "refined", 224, 450, "T8: Dy oxide ~$224/kg volume-weighted 2025; Tb ~$930-1,000/kg"),
    ("lithium", "refined", 45000, 62000, "T8: carbonate ~65-75k yuan/t LCE = ~$9-10k/t LCE"),
    ("cobalt", "refined", 20000, 26000, "T8: ~9-year low ~$10/lb early 2025"),
    ("nickel", "refined", 14000, 18000, "T8: LME ~$16,600/t (2024)"),
]
