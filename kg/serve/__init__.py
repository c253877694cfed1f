"""``kg serve``: a local web explorer and a read-only SPARQL 1.1 endpoint over the store."""
