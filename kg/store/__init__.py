"""The embedded Oxigraph store and its entities graph, SPARQL and saved queries, remote
endpoints."""
