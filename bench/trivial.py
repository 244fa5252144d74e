import streamlit as st

st.write("Xin chào")
