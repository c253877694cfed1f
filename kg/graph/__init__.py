"""Extraction -> RDF: the vocabulary and IRI minting, the one module that writes triples, RDF
terms, SHACL validation.
"""
