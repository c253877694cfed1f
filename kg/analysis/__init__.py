"""Partner overlap, centrality and communities (networkx, scipy); the heatmap."""
