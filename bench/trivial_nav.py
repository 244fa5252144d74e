"""Two one-line pages behind st.navigation: the baseline for switching pages inside the app."""
import streamlit as st

st.navigation([
    st.Page(lambda: st.write("Xin chào"), title="Một", url_path="mot", default=True),
    st.Page(lambda: st.write("Tạm biệt"), title="Hai", url_path="hai"),
]).run()
