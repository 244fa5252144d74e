"""Views without Streamlit: ``figures`` (Plotly), ``tables`` (what the pages show), ``templates`` (the
upload templates) and ``slides`` (the presentation's rules)."""
