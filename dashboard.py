"""Entry point: `streamlit run dashboard.py`. Declares the pages; each page draws itself."""
import streamlit as st

from lib.core import texts

st.set_page_config(page_title=texts.APP_TITLE, page_icon=":material/monitoring:", layout="wide")

pages = [
    st.Page("pages/overview.py", title=texts.PAGE_OVERVIEW, icon=":material/dashboard:", default=True),
    *[st.Page(f"pages/{sector}.py", title=title, icon=texts.SECTOR_ICONS[sector])
      for sector, title in texts.SECTORS.items()],
    st.Page("pages/tasks.py", title=texts.PAGE_TASKS, icon=":material/construction:"),
    st.Page("pages/emulation.py", title=texts.PAGE_EMULATION, icon=":material/emoji_events:"),
    st.Page("pages/report.py", title=texts.PAGE_REPORT, icon=":material/summarize:"),
    st.Page("pages/present.py", title=texts.PAGE_PRESENT, icon=":material/slideshow:"),
    st.Page("pages/data.py", title=texts.PAGE_DATA, icon=":material/database:"),
]
st.navigation(pages).run()
