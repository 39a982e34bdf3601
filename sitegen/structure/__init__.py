"""The site model: units, columns, documents and the pages made from them."""
