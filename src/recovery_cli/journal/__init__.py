"""Journal text: tags, titles, search queries, an entry's JSON shape."""
