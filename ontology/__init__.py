"""The kg ontology and SHACL shapes (installed as kg.ontology)."""
