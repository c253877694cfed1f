"""Saved SPARQL queries, one ``.rq`` file each, read by ``kg.query.saved_queries``."""
