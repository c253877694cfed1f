"""kg package data: curated gazetteers and the bundled report (installed as kg.data)."""
