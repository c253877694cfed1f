"""Saved SPARQL queries, one ``.rq`` file each, read by ``kg.store.query.saved_queries``."""
