"""Document model -> mentions, figures, participations and relations, each with its evidence. Pure
Python, no rdflib.
"""
