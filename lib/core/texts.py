"""Every Vietnamese word the dashboard shows, in one place.

Indicator names and units live in the targets file; this module holds the rest: titles of
pages and sectors, status labels, table headings and messages. All strings are NFC. Where a
text quotes a threshold (the 10% tolerance, the status points) it is written from
``lib.core.thresholds``, so the words cannot drift from the formulas.
"""
from lib.core.thresholds import BEHIND_TOLERANCE, STATUS_POINTS

WARD = "phường Trương Quang Trọng"
APP_TITLE = "Theo dõi chỉ tiêu kinh tế – xã hội năm 2025"

# Sectors, in the order pages show them.
SECTORS = {
    "agriculture": "Nông nghiệp",
    "budget": "Ngân sách",
    "society": "Văn hóa – Xã hội",
    "security": "Quốc phòng – An ninh",
}
SECTOR_ICONS = {
    "agriculture": ":material/agriculture:",
    "budget": ":material/account_balance:",
    "society": ":material/diversity_3:",
    "security": ":material/shield:",
}

# Sub-groups named in section II.2 of the plan.
GROUPS = {
    "crop": "Trồng trọt",
    "livestock": "Chăn nuôi",
    "revenue": "Thu ngân sách",
    "spending": "Chi ngân sách",
    "education": "Giáo dục",
    "health": "Y tế – Dân số",
    "labour": "Lao động – Giảm nghèo",
    "culture": "Văn hóa",
    "environment": "Tài nguyên – Môi trường",
    "defence": "Quốc phòng",
    "security": "An ninh trật tự",
}

PAGE_OVERVIEW = "Tổng quan"

# Status codes (as the CLI prints them) and their Vietnamese labels and colours.
STATUS_LABELS = {
    "achieved": "Đạt",
    "on_track": "Đúng tiến độ",
    "behind": "Chậm tiến độ",
    "at_risk": "Nguy cơ không đạt",
    "not_achieved": "Chưa đạt kế hoạch năm",
    "not_due": "Chưa đến kỳ đánh giá",
    "no_data": "Chưa có số liệu",
}
# Where room is short (a gauge's title, a chart legend, a badge): the same words, shorter.
STATUS_SHORT_LABELS = {**STATUS_LABELS, "not_achieved": "Chưa đạt"}
# The presentation's status tiles (up to 7 beside the title and the score, in one row at 1920 px).
STATUS_TILE_LABELS = {**STATUS_SHORT_LABELS, "not_due": "Chưa đến kỳ"}
STATUS_COLORS = {  # colour-blind-safe enough with the word always beside it
    "achieved": "#1a7f37",
    "on_track": "#4c9be8",
    "behind": "#d4a017",
    "at_risk": "#c62828",
    "not_achieved": "#7b1fa2",
    "not_due": "#78909c",
    "no_data": "#9e9e9e",
}
# Streamlit markdown colour names for the same statuses (badges on the cards).
STATUS_BADGE = {
    "achieved": "green",
    "on_track": "blue",
    "behind": "orange",
    "at_risk": "red",
    "not_achieved": "violet",
    "not_due": "gray",
    "no_data": "gray",
}
STATUS_HELP = {
    "achieved": "Đã đạt hoặc vượt chỉ tiêu năm.",
    "on_track": "Theo nhịp hiện tại, cuối năm sẽ đạt chỉ tiêu.",
    "behind": f"Dự báo cuối năm hụt chỉ tiêu không quá {BEHIND_TOLERANCE:.0%}.",
    "at_risk": f"Dự báo cuối năm hụt chỉ tiêu hơn {BEHIND_TOLERANCE:.0%}.",
    "not_achieved": "Đã đến kỳ đánh giá (hoặc đã hết năm) mà kết quả chưa đạt chỉ tiêu năm.",
    "not_due": "Chỉ tiêu được đánh giá một lần, vào kỳ của nó (đầu năm học, cuối năm…); chưa đến kỳ đó.",
    "no_data": "Chưa có tháng nào báo cáo số liệu.",
}


# A month as pages and files name it (a Babel date pattern: Tháng 6/2025).
MONTH_LABEL_PATTERN = "'Tháng' M/y"

# Column headings of the indicator tables.
COL_SECTOR = "Lĩnh vực"
COL_GROUP = "Nhóm"
COL_NAME = "Chỉ tiêu"
COL_UNIT = "ĐVT"
COL_TARGET = "Kế hoạch năm"
COL_ACTUAL = "Thực hiện"
COL_EXPECTED = "Cần đạt"
COL_PROJECTION = "Dự báo cả năm"
COL_ACHIEVEMENT = "% kế hoạch"
COL_GAP = "Chênh lệch"
COL_STATUS = "Tình trạng"
COL_LAST_MONTH = "Kỳ báo cáo"

# Page furniture.
AS_OF_LABEL = "Tính đến tháng"
AS_OF_HELP = "Các số liệu được tính lũy kế từ tháng 1 đến tháng chọn."
# How complete the chosen month is (every page that shows a month says it, near its header).
COVERAGE_FULL = "{period}: đủ {reported}/{expected} chỉ tiêu đã báo cáo."
COVERAGE_PARTIAL = (
    ":orange-badge[Tháng chưa đủ số liệu] {period}: {reported}/{expected} chỉ tiêu đã báo cáo. "
    "Chỉ tiêu chưa báo cáo tháng này được đánh giá theo tháng gần nhất có số liệu; "
    "trong bảng, số liệu đó có dấu ⚠ và ghi kèm tháng, ví dụ “⚠ 1.553 (T2)”."
)
COVERAGE_MISSING_HELP = "Chưa báo cáo {period}: {names}"
COVERAGE_DONE_LATER = (
    "{period}: {reported}/{expected} chỉ tiêu đã báo cáo, đủ các chỉ tiêu cần báo cáo trong tháng; "
    "{n} chỉ tiêu còn lại chỉ báo cáo một lần trong năm, vào tháng khác."
)
COVERAGE_LATER_HELP = "Chỉ báo cáo một lần trong năm, vào tháng khác: {names}"
COVERAGE_LATER_NAME = "{name} (tháng {month})"
COVERAGE_SHORT_PARTIAL = ":orange[**Tháng chưa đủ số liệu: {reported}/{expected} chỉ tiêu đã báo cáo**]"  # presentation
COVERAGE_MORE = "… và {n} chỉ tiêu khác"
AS_OF_PARTIAL_OPTION = "{period} (chưa đủ: {reported}/{expected})"
AS_OF_DEFAULT_HELP = (
    "Mặc định là tháng gần nhất đã báo cáo đủ (hoặc gần đủ); vẫn chọn được tháng sau chưa đủ số liệu."
)
STALE_MARK = "⚠ {month}"  # in “Kỳ báo cáo”: this indicator's figure is older than the chosen month
STALE_VALUE_MARK = "⚠ {value} (T{month})"  # in “Thực hiện”: ⚠ 1.553 (T2) = the figure as of February
ACTUAL_HELP = (
    "Thực hiện lũy kế (hoặc mức mới nhất) đến tháng chọn. “⚠ … (T2)”: chưa có số liệu của tháng chọn, "
    "số liệu và đánh giá tính đến tháng 2."
)
LAST_MONTH_HELP = (
    "Tháng gần nhất có số liệu của chỉ tiêu, tính đến tháng chọn. "
    "⚠: chưa có số liệu của tháng chọn; số liệu và đánh giá tính đến tháng ghi ở đây."
)
LINK_MONTH_MISSING = "Liên kết mở {wanted}, nhưng tháng này chưa có số liệu. Đang hiển thị {shown}."
LINK_MONTH_INVALID = "Liên kết có tháng “{wanted}” không đọc được (cần dạng 2025-03). Đang hiển thị {shown}."
DATA_UNREADABLE = "Không đọc được dữ liệu đã lưu:"
NO_MONTHS = "Chưa có số liệu tháng nào. Hãy tải lên số liệu tháng đầu tiên."
DEMO_BANNER = (
    "**Đang hiển thị số liệu MINH HỌA**, không phải số liệu thật của phường. "
    "Chưa có tháng số liệu thật nào được lưu; khi có, bảng điều khiển sẽ tự chuyển sang số liệu thật."
)
SCORE_LABEL = "Điểm tiến độ"
SCORE_HELP = (
    f"Trung bình điểm các chỉ tiêu có số liệu: {STATUS_LABELS['achieved']} và {STATUS_LABELS['on_track']} "
    f"{STATUS_POINTS['achieved']} điểm, {STATUS_LABELS['behind']} {STATUS_POINTS['behind']} điểm, "
    f"{STATUS_LABELS['at_risk']} {STATUS_POINTS['at_risk']} điểm."
)
GAUGES_TITLE = "Mức đạt so với kế hoạch năm"
GAUGES_CAPTION = (
    "Mỗi đồng hồ cho biết % kế hoạch năm đã đạt; vạch đen là 100%. "
    "Với chỉ tiêu có trần (như tỷ lệ suy dinh dưỡng), trên 100% nghĩa là đang thấp hơn trần."
)
TREND_TITLE = "Diễn biến theo tháng"
TREND_PICK = "Chọn chỉ tiêu"
NOTES_TITLE = "Ghi chú của bộ phận báo cáo"
TABLE_TITLE = "Bảng chỉ tiêu"
OVERVIEW_TABLE_TITLE = "Tất cả chỉ tiêu, chỉ tiêu đáng lo nhất ở trên"
OVERVIEW_CHART_TITLE = "Tình trạng chỉ tiêu theo lĩnh vực"
INDICATOR_COUNT = "chỉ tiêu"

# Trend chart legend entries.
TREND_MONTHLY = "Thực hiện trong tháng"
TREND_CUMULATIVE = "Lũy kế thực hiện"
TREND_EXPECTED = "Tiến độ cần đạt"
TREND_TARGET = "Kế hoạch năm"
TREND_LEVEL = "Số liệu báo cáo"
TREND_PROJECTION = "Xu hướng đến cuối năm"
CEILING = "Trần cho phép"

GAP_SHORT = "còn thiếu"
GAP_AHEAD = "vượt"
GAP_WITHIN = "thấp hơn trần"
GAP_OVER = "vượt trần"
GAP_EQUAL = "bằng kế hoạch"
GAP_AT_CEILING = "bằng trần"

YES = "Đạt"
NO = "Chưa đạt"
MONTH_SHORT = "Th{m}"  # axis ticks: Th1 … Th12

# Messages of the data layer.
ERR_TARGETS_MISSING = "Không tìm thấy tệp chỉ tiêu: {path}"
ERR_TARGETS_COLUMNS = "Tệp chỉ tiêu thiếu cột bắt buộc: {cols}"
ERR_TARGETS_ROW = "Tệp chỉ tiêu, dòng {row}, cột “{col}”: {msg}"
ERR_ACTUALS_ROW = "Tệp số liệu {file}, dòng {row}: {msg}"
ERR_ACTUALS_COLUMNS = "Tệp số liệu {file} thiếu cột bắt buộc: {cols}"

# --- The sign-in screen and the user box (lib/ui/auth.py) ----------------------------------------
LOCAL_MODE_BANNER = (
    "**Đăng nhập đang TẮT (chế độ cục bộ).** Ai mở được địa chỉ này cũng xem và sửa được số liệu. "
    "Không chia sẻ địa chỉ này; hãy tạo tài khoản (python -m lib.cli add-user) trước khi đưa lên mạng."
)
LOGIN_TITLE = "Đăng nhập"
LOGIN_USERNAME = "Tên đăng nhập"
LOGIN_PASSWORD = "Mật khẩu"
LOGIN_SUBMIT = "Đăng nhập"
LOGIN_OIDC = "Đăng nhập bằng tài khoản của cơ quan"
LOGIN_NO_ROLE = "Tài khoản {email} chưa được cấp quyền xem bảng điều khiển. Liên hệ quản trị viên."
LOGIN_FORBIDDEN = "Tài khoản của bạn không có quyền thực hiện việc này."
LOGIN_IDLE = "Phiên làm việc đã kết thúc sau {minutes} phút không thao tác. Vui lòng đăng nhập lại."
LOGIN_SIGNED_IN = "Đang đăng nhập"
LOGOUT = "Đăng xuất"
LOGOUT_DONE = "Bạn đã đăng xuất."
ROLE_LABELS = {"viewer": "người xem", "editor": "cán bộ nhập liệu", "admin": "quản trị viên"}
SHARE_LINK = "Sao chép liên kết"
SHARE_LINK_HELP = "Liên kết mở đúng trang, tháng và chỉ tiêu đang xem (người nhận vẫn phải đăng nhập)."

# --- Uploads, templates, versions (sidebar and the Dữ liệu page) --------------------------------
PAGE_DATA = "Dữ liệu"
UPLOAD_TITLE = "Tải số liệu tháng"
UPLOAD_MONTH = "Tháng báo cáo"
UPLOAD_TEMPLATE_CSV = "Tải mẫu CSV"
UPLOAD_TEMPLATE_XLSX = "Tải mẫu Excel"
UPLOAD_FILE = "Chọn tệp số liệu (CSV hoặc Excel .xlsx)"
UPLOAD_FILE_HELP = (
    "Dùng tệp mẫu của tháng. Các cột: Mã chỉ tiêu, Thực hiện trong tháng (số của riêng tháng, hoặc mức "
    "cuối tháng), Lũy kế từ đầu năm (thay cho số trong tháng, với chỉ tiêu cộng dồn), Ghi chú. Tỷ lệ ghi "
    "theo phần trăm: 92,3 nghĩa là 92,3%."
)
UPLOAD_PREVIEW = "Xem trước và xác nhận"
UPLOAD_REJECTED = "Tệp bị từ chối, chưa có gì được lưu. Hãy sửa các lỗi sau rồi tải lại:"
UPLOAD_REJECTED_SHORT = "Tệp bị từ chối ({n} lỗi), chưa có gì được lưu."
UPLOAD_ACCEPTED = "Tệp hợp lệ: {n} chỉ tiêu. Kiểm tra các thay đổi rồi bấm xác nhận để lưu."
UPLOAD_WARNINGS = "Lưu ý"
UPLOAD_CHANGES = "Thay đổi so với số liệu đang lưu của {period}"
UPLOAD_NO_CHANGES = "Tệp không làm thay đổi số liệu đang lưu."
CLI_CHECK_ACCEPTED = "Tệp hợp lệ: {n} chỉ tiêu. Chưa lưu gì (lệnh check chỉ kiểm tra)."
CLI_IMPORT_ACCEPTED = "Tệp hợp lệ: {n} chỉ tiêu. Đang lưu…"
CLI_HELP_UPLOAD_DATA_DIR = (
    "thư mục dữ liệu (mặc định: $TQT_DATA_DIR hoặc data/): import lưu vào đây; check và import so với "
    "các tháng đã lưu ở đây (lũy kế, số giống lũy kế)"
)
CLI_HELP_TEMPLATE_DATA_DIR = (
    "thư mục dữ liệu có các tháng đã lưu, cho cột số đã lưu và lũy kế của mẫu (mặc định: $TQT_DATA_DIR "
    "hoặc data/)"
)
UPLOAD_CONFIRM = "Xác nhận lưu số liệu {period}"
UPLOAD_CANCEL = "Hủy"
UPLOAD_SAVED = "Đã lưu số liệu {period} (phiên bản {version})."
UPLOAD_UNCHANGED = "Số liệu {period} không thay đổi, không tạo phiên bản mới."
UPLOAD_ALREADY = "Tệp này đã được lưu trong phiên làm việc này; chọn tệp khác nếu muốn tải tiếp."
# The month's template (lib/views/templates.py): the headings staff see; the parser (lib/upload/columns.py)
# reads them back, and the older English headings too.
TEMPLATE_HEADINGS = {
    "period": "Kỳ báo cáo",
    "unit_code": "Mã tổ dân phố",
    "unit_name": "Tên tổ dân phố",
    "indicator_code": "Mã chỉ tiêu",
    "name_vi": "Tên chỉ tiêu",
    "unit": "Đơn vị tính",
    "kind": "Loại số liệu",
    "ref_month": "Tháng đã lưu gần nhất",
    "ref_value": "Số đã lưu của tháng đó",
    "value": "Thực hiện trong tháng",
    "ref_cumulative": "Lũy kế đã lưu đến tháng trước",
    "cumulative": "Lũy kế từ đầu năm",
    "note": "Ghi chú",
}
TEMPLATE_KIND_FLOW = "Số trong tháng"
TEMPLATE_KIND_LEVEL = "Mức cuối tháng"
TEMPLATE_KIND_BINARY = "1 = đạt, 0 = chưa đạt"
TEMPLATE_SHEET = "Số liệu tháng {month}-{year}"
TEMPLATE_SHEET_UNITS = "Theo tổ tháng {month}-{year}"
COL_YEAR_TO_DATE = "Lũy kế từ đầu năm (sau khi lưu)"
COL_OLD = "Đang lưu"
COL_NEW = "Giá trị mới"
COL_NOTE = "Ghi chú"
CHANGE_KEPT = "giữ nguyên"

DATA_COMPLETENESS = "Tình hình báo cáo theo tháng"
DATA_COMPLETENESS_HELP = "✔ đã có số liệu · — chưa báo cáo. Chỉ tiêu tổng được tính từ các thành phần nên không có ở đây."
DATA_HISTORY = "Lịch sử các phiên bản"
DATA_HISTORY_MONTH = "Tháng"
DATA_NO_HISTORY = "Tháng này chưa có phiên bản nào được lưu qua bảng điều khiển."
COL_VERSION = "Phiên bản"
COL_TIME = "Thời gian"
COL_USER = "Người thực hiện"
COL_ACTION = "Thao tác"
COL_CHANGES = "Chỉ tiêu thay đổi"
ACTION_LABELS = {"import": "Tải lên", "restore": "Khôi phục", "baseline": "Bản ban đầu"}
DATA_RESTORE = "Khôi phục một phiên bản"
DATA_RESTORE_PICK = "Phiên bản cần khôi phục"
DATA_RESTORE_BUTTON = "Khôi phục phiên bản {version}"
DATA_RESTORE_HELP = "Khôi phục tạo một phiên bản mới có nội dung của phiên bản đã chọn; không phiên bản nào bị xóa."
DATA_RESTORED = "Đã khôi phục {period} về nội dung phiên bản {restored} (thành phiên bản mới {version})."
# The history's tables: what each column holds.
HIST_COL_VERSION = "Phiên bản"
HIST_COL_TIME = "Thời điểm lưu"
HIST_COL_USER = "Người sửa"
HIST_COL_ACTION = "Thao tác"
HIST_COL_SOURCE = "Tệp nguồn"
HIST_COL_COUNT = "Số chỉ tiêu thay đổi"
HIST_COL_BEFORE = "Giá trị trước"
HIST_COL_AFTER = "Giá trị sau"
HIST_COL_NOTE_AFTER = "Ghi chú sau"
HIST_VERSIONS_HELP = "Mỗi lần lưu hoặc khôi phục tạo một phiên bản; mở từng phiên bản bên dưới để xem chỉ tiêu nào đổi."
# Restoring: what it changes (old → new), then confirm or cancel.
DATA_RESTORE_PREVIEW_TITLE = "Khôi phục phiên bản {version} của {period} sẽ thay đổi:"
DATA_RESTORE_PREVIEW_NONE = (
    "Phiên bản {version} có nội dung giống hệt số liệu đang lưu của {period}: khôi phục không thay đổi gì."
)
DATA_RESTORE_COL_NOW = "Đang lưu (phiên bản {version})"
DATA_RESTORE_COL_AFTER = "Sau khi khôi phục"
DATA_RESTORE_CONFIRM = "Xác nhận khôi phục phiên bản {version}"
DATA_RESTORE_CANCEL = "Hủy, không khôi phục"
DATA_RESTORE_CANCELLED = "Đã hủy: số liệu {period} không thay đổi."
DATA_RESTORE_STALE = "Số liệu {period} vừa có phiên bản mới ({version}); hãy xem lại các thay đổi trước khi khôi phục."
DATA_DEMO = "Đang dùng số liệu minh họa: chưa có lịch sử phiên bản. Tải số liệu tháng đầu tiên ở thanh bên."
LOCAL_USER = "cán bộ (chế độ cục bộ)"

# ---------------------------------------------------------------------------------------------
# Messages of the storage layer (lib/storage/month_store.py): versions, audit log and recovery.
# ---------------------------------------------------------------------------------------------
STORAGE_SYSTEM_USER = "hệ thống"  # the user recorded for a baseline version
ERR_STORAGE_PERIOD = "Kỳ “{period}” không hợp lệ; cần có dạng NNNN-TT, ví dụ 2025-03."
ERR_STORAGE_USER = "Thiếu tên người thực hiện nên không thể ghi số liệu."
ERR_STORAGE_ACTION = "Thao tác “{action}” không hợp lệ."
ERR_STORAGE_ROWS = "Số liệu kỳ {period} không ghi được: {msg}"
ERR_STORAGE_DUPLICATE = "mã chỉ tiêu “{code}” xuất hiện nhiều lần"
ERR_STORAGE_CODE = "có dòng thiếu mã chỉ tiêu"
ERR_STORAGE_ROUNDTRIP = "nội dung không đọc lại được nguyên vẹn sau khi chuyển thành tệp CSV"
ERR_STORAGE_VALUE = "giá trị của chỉ tiêu “{code}” không phải một số hữu hạn"
ERR_STORAGE_READ = "Không đọc được tệp số liệu {file}: {msg}"
ERR_STORAGE_READ_ENCODING = "tệp không phải văn bản UTF-8"
ERR_STORAGE_READ_COLUMNS = "thiếu cột bắt buộc {cols}"
ERR_STORAGE_READ_VALUE = "dòng {row}: giá trị “{value}” không phải một số"
ERR_STORAGE_BUSY = (
    "Hệ thống đang bận ghi số liệu khác nên chưa ghi được. Vui lòng thử lại sau ít phút; "
    "số liệu đã lưu không bị ảnh hưởng."
)
ERR_STORAGE_LOCK = "Không khóa được thư mục dữ liệu để ghi ({msg}); số liệu đã lưu không bị ảnh hưởng."
ERR_STORAGE_WRITE = "Không ghi được số liệu kỳ {period} ({msg}). Số liệu đã lưu trước đó không bị ảnh hưởng."
ERR_STORAGE_CONFLICT = (
    "Số liệu kỳ {period} vừa được người khác cập nhật (phiên bản hiện tại là {current}, "
    "không phải {expected}). Hãy xem lại số liệu hiện tại rồi tải lên lại."
)
ERR_STORAGE_NO_VERSION = "Kỳ {period} không có phiên bản {version}."
ERR_STORAGE_VERSION_MISSING = "Không tìm thấy tệp của phiên bản {version} kỳ {period}."
ERR_STORAGE_VERSION_CORRUPT = (
    "Tệp của phiên bản {version} kỳ {period} đã bị thay đổi (mã kiểm tra không khớp nhật ký) "
    "nên không dùng để khôi phục được."
)
STORAGE_AUDIT_BAD_LINE = "Nhật ký {file}, dòng {line}: không đọc được (có thể bị ghi dở), đã bỏ qua."
STORAGE_RECOVER_TEMP = "Đã xóa tệp tạm còn sót lại của một lần ghi bị gián đoạn: {path}"
STORAGE_RECOVER_ORPHAN = (
    "Đã xóa phiên bản {version} của kỳ {period}: lần ghi này bị gián đoạn, chưa được ghi nhận vào nhật ký."
)
STORAGE_RECOVER_CANONICAL = (
    "Đã khôi phục tệp số liệu kỳ {period} về phiên bản {version} (phiên bản cuối cùng đã ghi nhận)."
)
STORAGE_RECOVER_CANONICAL_MISSING = (
    "Tệp số liệu kỳ {period} bị thiếu; đã khôi phục từ phiên bản {version} (phiên bản cuối cùng đã ghi nhận)."
)
STORAGE_RECOVER_SET_ASIDE = (
    "Tệp số liệu kỳ {period} đã bị sửa ngoài hệ thống; nội dung đó được giữ lại tại {path} để kiểm tra."
)
STORAGE_RECOVER_NO_SOURCE = (
    "Tệp số liệu kỳ {period} khác phiên bản {version} đã ghi nhận nhưng không khôi phục được: {msg}"
)
STORAGE_RECOVER_AUDIT_TAIL = "Đã bỏ dòng nhật ký ghi dở ở cuối {file} (một lần ghi bị gián đoạn, chưa hoàn tất)."
STORAGE_RECOVER_AUDIT_NEWLINE = "Đã hoàn tất dòng nhật ký cuối của {file} (thiếu ký tự xuống dòng)."

# ---------------------------------------------------------------------------------------------
# Checking an uploaded month file (lib/upload/). Messages say what is wrong and how to fix it;
# the row and the column are shown beside them (Problem.row / Problem.column), so the messages
# do not repeat them. Numbers inside are written by lib.core.fmt (1.260 · 0,923).
# ---------------------------------------------------------------------------------------------
PROBLEM_AT_ROW_COLUMN = "Dòng {row}, cột “{column}”: {message}"
PROBLEM_AT_ROW = "Dòng {row}: {message}"
PROBLEM_AT_COLUMN = "Cột “{column}”: {message}"
SAVE_AS_CSV_UTF8 = "“CSV UTF-8 (Comma delimited) (*.csv)”"

# Column names as messages call them.
UPLOAD_COLUMN_LABELS = {
    "period": "kỳ báo cáo",
    "indicator_code": "mã chỉ tiêu",
    "value": "giá trị",
    "note": "ghi chú",
    "name_vi": "tên chỉ tiêu",
    "unit": "đơn vị tính",
    "cumulative": "lũy kế từ đầu năm",
}
NUMBER_STYLE_VN = "kiểu Việt Nam (dấu phẩy thập phân)"
NUMBER_STYLE_INTL = "kiểu quốc tế (dấu chấm thập phân)"
LEGACY_TCVN3 = "TCVN3 (ABC)"
LEGACY_VNI = "VNI"
LEGACY_EITHER = "TCVN3 (ABC) hoặc VNI"
LEGACY_FONTS = {LEGACY_TCVN3: ".VnTime, .VnArial…", LEGACY_VNI: "VNI-Times, VNI-Helve…",
                LEGACY_EITHER: ".VnTime, VNI-Times…"}

# The file as a whole.
ERR_UPLOAD_PERIOD_CHOSEN = "Tháng đã chọn “{period}” không hợp lệ; cần dạng năm-tháng, ví dụ 2025-06."
ERR_UPLOAD_TOO_BIG = (
    "Tệp “{name}” nặng {size}, vượt giới hạn {limit}. Tệp số liệu một tháng chỉ vài KB: hãy kiểm tra "
    "có chọn đúng tệp không, xóa các trang tính, hình ảnh thừa rồi lưu lại."
)
ERR_UPLOAD_EMPTY = "Tệp “{name}” rỗng, không có dữ liệu. Hãy chọn đúng tệp số liệu tháng rồi tải lên lại."
ERR_UPLOAD_TYPE = (
    "Không nhận loại tệp “{name}”. Chỉ nhận tệp CSV (.csv, .txt) hoặc Excel (.xlsx): hãy mở tệp bằng "
    "Excel, chọn Lưu thành (Save As) → Excel Workbook (*.xlsx) hoặc " + SAVE_AS_CSV_UTF8 + " rồi tải lên lại."
)
ERR_UPLOAD_OLD_EXCEL = (
    "Tệp “{name}” là tệp Excel đời cũ (.xls) hoặc tệp Excel có đặt mật khẩu, chương trình không đọc được. "
    "Hãy mở bằng Excel, bỏ mật khẩu nếu có, chọn Lưu thành (Save As) → Excel Workbook (*.xlsx) "
    "rồi tải lên tệp .xlsx."
)
ERR_UPLOAD_UTF16 = (
    "Tệp được lưu bằng bảng mã UTF-16 (kiểu “Unicode Text”), chương trình không đọc được. Trong Excel, "
    "chọn Lưu thành (Save As) → " + SAVE_AS_CSV_UTF8 + " rồi tải lên lại."
)
ERR_UPLOAD_LEGACY_FONT = (
    "Tệp dùng bảng mã tiếng Việt cũ {encoding} (phông chữ {fonts}), không phải Unicode, nên chữ có "
    "dấu bị sai (ví dụ “{sample}”). Hãy chuyển sang Unicode: sao chép bảng số liệu, mở Unikey → Công cụ "
    "(Ctrl+Shift+F6) → “Chuyển mã”, chọn bảng mã nguồn {encoding}, bảng mã đích Unicode, bấm “Chuyển mã”; "
    "dán lại vào Excel, đổi phông chữ sang Times New Roman rồi lưu thành " + SAVE_AS_CSV_UTF8 + "."
)
ERR_UPLOAD_RENAMED_XLSX = (
    "Tệp “{name}” thực chất là tệp Excel (.xlsx) bị đổi đuôi thành CSV. Hãy tải lên tệp với đuôi .xlsx, "
    "hoặc mở bằng Excel và lưu thành " + SAVE_AS_CSV_UTF8 + "."
)
ERR_UPLOAD_NUL = (
    "Tệp có ký tự rỗng (NUL) nên không phải tệp văn bản CSV hợp lệ (có thể là tệp nhị phân hoặc tệp bị "
    "hỏng). Hãy mở tệp bằng Excel và lưu thành " + SAVE_AS_CSV_UTF8 + "."
)
ERR_UPLOAD_BINARY = (
    "Tệp “{name}” không phải tệp văn bản CSV (có thể là tệp nén, ảnh, PDF… bị đổi đuôi). Hãy chọn đúng tệp "
    "số liệu, mở bằng Excel và lưu thành " + SAVE_AS_CSV_UTF8 + "."
)
ERR_UPLOAD_CONTROL_CHAR = (
    "Tệp có ký tự điều khiển lạ (mã {code}) nên không phải tệp văn bản CSV hợp lệ (có thể là tệp nhị phân "
    "hoặc bị hỏng). Hãy mở tệp bằng Excel và lưu thành " + SAVE_AS_CSV_UTF8 + "."
)
ERR_UPLOAD_ENCODING = (
    "Không nhận ra bảng mã của tệp (không phải UTF-8, cũng không phải Windows-1258). Hãy mở tệp bằng "
    "Excel và lưu thành " + SAVE_AS_CSV_UTF8 + "."
)
ERR_UPLOAD_MIXED_ENCODING = (
    "Tệp lẫn nhiều bảng mã: phần lớn là UTF-8 nhưng có ký tự không hợp lệ ở dòng này, chữ có dấu có thể "
    "bị sai. Hãy mở tệp bằng Excel, kiểm tra lại chữ có dấu rồi lưu thành " + SAVE_AS_CSV_UTF8 + "."
)
ERR_UPLOAD_QUOTE_UNCLOSED = (
    "Dấu ngoặc kép (\") mở ở dòng này không được đóng, nên phần còn lại của tệp bị đọc sai. Hãy thêm dấu "
    "\" đóng hoặc xóa dấu \" thừa (dấu ngoặc kép nằm trong ô phải viết đôi \"\")."
)
ERR_UPLOAD_QUOTE_TRAILING = (
    "Sau dấu ngoặc kép đóng còn ký tự “{after}” trước dấu phân cách cột. Ô có dấu ngoặc kép phải được bao "
    "trọn trong cặp ngoặc kép, dấu \" nằm trong ô phải viết đôi \"\"."
)
ERR_UPLOAD_TAB = (
    "Tệp ngăn cách các cột bằng dấu tab. Hãy lưu thành " + SAVE_AS_CSV_UTF8 + " (ngăn cách bằng dấu phẩy) "
    "hoặc dùng dấu chấm phẩy."
)
ERR_UPLOAD_TOO_MANY_FIELDS = (
    "Dòng có hơn {limit} ô, quá nhiều cho một bảng số liệu tháng (chỉ cần vài cột: mã chỉ tiêu, giá trị, "
    "ghi chú…). Hãy kiểm tra có chọn đúng tệp không, xóa các cột thừa rồi lưu lại."
)
ERR_UPLOAD_FIELD_TOO_LONG = "Ô dài {n} ký tự, vượt giới hạn {limit} ký tự. Hãy rút gọn nội dung."
ERR_UPLOAD_TOO_MANY_ROWS = (
    "Tệp có hơn {limit} dòng số liệu, quá nhiều cho một tháng (danh mục chỉ có {count} chỉ tiêu). Hãy kiểm "
    "tra có chọn nhầm tệp hay có dòng thừa không, rồi tải lên lại."
)
ERR_UPLOAD_NO_HEADER = "Tệp không có dòng nào có nội dung. Hãy chọn đúng tệp số liệu tháng rồi tải lên lại."
ERR_UPLOAD_NO_DATA = (
    "Tệp chỉ có dòng tiêu đề, không có dòng số liệu nào. Hãy ghi số liệu của các chỉ tiêu bên dưới dòng "
    "tiêu đề rồi tải lên lại."
)
ERR_UPLOAD_MISSING_COLUMN = (
    "Thiếu cột {label}. Dòng tiêu đề (dòng đầu tiên có nội dung) phải có cột này, đặt tên là một trong: {names}."
)
HINT_UPLOAD_HEADER_IS_DATA = (
    " Dòng đầu tiên có vẻ là số liệu chứ không phải tiêu đề: hãy chèn lên đầu tệp dòng tiêu đề, "
    "ví dụ “indicator_code,value,note”."
)
HINT_UPLOAD_HEADER_LATER = (
    " Dòng tiêu đề có vẻ nằm ở dòng {header_row}: hãy xóa các dòng phía trên nó (tên báo cáo, dòng gộp ô…) "
    "để dòng tiêu đề là dòng đầu tiên."
)
# The missing column with why the header may not have been found.
ERR_UPLOAD_MISSING_COLUMN_HEADER_IS_DATA = ERR_UPLOAD_MISSING_COLUMN + HINT_UPLOAD_HEADER_IS_DATA
ERR_UPLOAD_MISSING_COLUMN_HEADER_LATER = ERR_UPLOAD_MISSING_COLUMN + HINT_UPLOAD_HEADER_LATER
ERR_UPLOAD_DUPLICATE_COLUMN = (
    "Cột “{first}” và cột “{second}” cùng là cột {label}; mỗi loại cột chỉ được có một. Hãy xóa hoặc đổi "
    "tên một trong hai cột."
)
ERR_UPLOAD_INTERNAL = (
    "Không kiểm tra được tệp do lỗi ngoài dự kiến ({kind}). Hãy mở tệp bằng Excel, lưu thành "
    + SAVE_AS_CSV_UTF8 + " rồi thử lại; nếu vẫn lỗi, hãy báo cho người quản trị."
)

# Excel workbooks.
ERR_UPLOAD_XLSX_INVALID = (
    "Tệp “{name}” không phải tệp Excel .xlsx hợp lệ (tệp hỏng hoặc bị đổi đuôi). Hãy mở bằng Excel, chọn "
    "Lưu thành (Save As) → Excel Workbook (*.xlsx) hoặc " + SAVE_AS_CSV_UTF8 + " rồi tải lên lại."
)
ERR_UPLOAD_XLSX_IS_TEXT = (
    "Tệp “{name}” có đuôi .xlsx nhưng nội dung là văn bản (có thể là tệp CSV bị đổi đuôi). Hãy đổi đuôi "
    "tệp thành .csv rồi tải lên lại."
)
ERR_UPLOAD_XLSX_MEMBERS = (
    "Tệp Excel có quá nhiều thành phần bên trong ({n}, giới hạn {limit}). Tệp số liệu tháng chỉ cần một "
    "trang tính: hãy chép bảng số liệu sang một tệp Excel mới rồi lưu lại."
)
ERR_UPLOAD_XLSX_UNCOMPRESSED = (
    "Tệp Excel khi giải nén lớn {size}, vượt giới hạn {limit}. Hãy chép bảng số liệu sang một tệp Excel "
    "mới (không kèm hình ảnh, trang tính thừa) rồi lưu lại."
)
ERR_UPLOAD_XLSX_XML_TOO_LARGE = (
    "Phần bảng tính của tệp Excel (không kể hình ảnh) lớn {size}, vượt giới hạn {limit}, không giống một tệp số "
    "liệu tháng. Hãy chép bảng số liệu sang một tệp Excel mới, xóa các dòng, cột, trang tính thừa rồi lưu lại."
)
ERR_UPLOAD_XLSX_BOMB = (
    "Thành phần “{member}” trong tệp Excel bị nén bất thường (tỷ lệ nén {ratio}:1), dấu hiệu của tệp độc "
    "hại (“bom nén”), nên tệp bị từ chối. Hãy chép bảng số liệu sang một tệp Excel mới rồi lưu lại."
)
ERR_UPLOAD_XLSX_ENCRYPTED = (
    "Tệp Excel được mã hóa hoặc đặt mật khẩu nên không đọc được. Hãy mở bằng Excel, bỏ mật khẩu rồi "
    "lưu lại."
)
ERR_UPLOAD_XLSX_UNSAFE_XML = (
    "Tệp Excel chứa khai báo XML không an toàn (DOCTYPE/ENTITY, kiểu tấn công “billion laughs”), không "
    "phải tệp do Excel tạo ra, nên tệp bị từ chối. Hãy chép bảng số liệu sang một tệp Excel mới rồi lưu lại."
)
ERR_UPLOAD_XLSX_UNREADABLE = (
    "Không đọc được tệp Excel “{name}” (tệp hỏng hoặc không đúng định dạng .xlsx). Hãy mở bằng Excel, "
    "chọn Lưu thành (Save As) → Excel Workbook (*.xlsx) rồi tải lên lại."
)
ERR_UPLOAD_XLSX_SHEET_TOO_LARGE = (
    "Trang tính đầu tiên quá lớn (hơn {max_cells} ô hoặc {max_rows} dòng, kể cả ô trống có định dạng), không giống "
    "một bảng số liệu tháng. Hãy chép bảng số liệu sang một tệp Excel mới, xóa các dòng, cột thừa rồi lưu lại."
)
ERR_UPLOAD_XLSX_NO_SHEET = "Tệp Excel không có trang tính nào chứa số liệu."
ERR_UPLOAD_XLSX_FORMULA = (
    "Ô {cell}: ô công thức chưa có giá trị (tệp chưa được Excel tính lại, thường do tạo bằng chương "
    "trình khác): mở tệp bằng Excel, lưu lại rồi tải lên."
)
ERR_UPLOAD_XLSX_ERROR_CELL = (
    "Ô {cell} có lỗi Excel {found}. Hãy sửa công thức hoặc số liệu trong ô cho hết lỗi, lưu lại rồi tải lên."
)

# Rows.
ERR_UPLOAD_EXTRA_FIELDS = (
    "Dòng có {n} ô, nhiều hơn {m} cột của dòng tiêu đề (thừa “{extra}”). Thường do số thập phân viết bằng "
    "dấu phẩy trong tệp ngăn cách bằng dấu phẩy: hãy lưu tệp bằng Excel thành " + SAVE_AS_CSV_UTF8 + ", "
    "hoặc đặt giá trị trong ngoặc kép."
)
ERR_UPLOAD_SPLIT_NUMBER = (
    "Giá trị “{value}” và ô kế tiếp “{next}” có vẻ là một số bị tách đôi vì dấu phẩy ({joined}) trong tệp "
    "ngăn cách bằng dấu phẩy. Hãy viết số không có dấu phẩy, hoặc đặt số trong ngoặc kép (\"{joined}\"), "
    "hoặc lưu tệp bằng Excel thành " + SAVE_AS_CSV_UTF8 + "."
)
ERR_UPLOAD_CODE_MISSING = "Thiếu mã chỉ tiêu cho giá trị “{value}”. Hãy ghi mã chỉ tiêu (ví dụ rice_output) hoặc xóa dòng."
ERR_UPLOAD_CODE_UNKNOWN = "Mã chỉ tiêu “{code}” không có trong danh mục."
HINT_UPLOAD_CODE_SUGGEST = " Có phải “{suggestion}”?"
HINT_UPLOAD_CODE_LIST = " Hãy dùng đúng mã trong tệp mẫu của tháng."
ERR_UPLOAD_CODE_UNKNOWN_SUGGEST = ERR_UPLOAD_CODE_UNKNOWN + HINT_UPLOAD_CODE_SUGGEST
ERR_UPLOAD_CODE_UNKNOWN_LIST = ERR_UPLOAD_CODE_UNKNOWN + HINT_UPLOAD_CODE_LIST
ERR_UPLOAD_CODE_DERIVED = (
    "“{code}” ({name}) là chỉ tiêu tổng, được tính tự động từ các thành phần ({parts}) nên không nhập "
    "trực tiếp. Hãy xóa dòng này và nhập số liệu của từng thành phần."
)
ERR_UPLOAD_CODE_DUPLICATE = (
    "Chỉ tiêu “{code}” xuất hiện hai lần: dòng {first} và dòng {second}. Mỗi chỉ tiêu chỉ được một dòng; "
    "hãy giữ lại một dòng đúng."
)
ERR_UPLOAD_PERIOD_OTHER = (
    "Kỳ “{found}” ({found_label}) khác tháng đã chọn ({label}). Hãy sửa kỳ thành {period} hoặc chọn đúng "
    "tháng khi tải lên."
)
ERR_UPLOAD_PERIOD_BAD = "Kỳ “{found}” không đọc được. Hãy ghi theo dạng năm-tháng, ví dụ {period}."
ERR_UPLOAD_PERIOD_DAY = (
    "Kỳ là một ngày ({found}) chứ không phải một tháng. Hãy ghi theo dạng năm-tháng, ví dụ {period}."
)
ERR_UPLOAD_UNIT = (
    "Đơn vị “{found}” khác đơn vị của “{name}” là “{unit}”. Hãy đổi số liệu sang {unit} và ghi đơn vị "
    "“{unit}” (hoặc để trống cột đơn vị)."
)
ERR_UPLOAD_OF_WHICH = (
    "“{part_name}” ({part}) lớn hơn chỉ tiêu chứa nó “{whole_name}” ({whole}, dòng {whole_row}). "
    "Số “trong đó” không thể vượt số tổng; hãy kiểm tra lại hai dòng này."
)

# Values.
ERR_UPLOAD_VALUE_BLANK = (
    "Chưa có giá trị cho “{name}”. Hãy ghi số liệu, hoặc xóa dòng nếu tháng này chưa có số liệu "
    "(số liệu đã lưu trước đây của chỉ tiêu sẽ được giữ nguyên)."
)
ERR_UPLOAD_VALUE_TEXT = (
    "“{found}” không phải là số. Hãy chỉ ghi chữ số, không kèm chữ hay đơn vị (ví dụ 845 hoặc 845,5)."
)
ERR_UPLOAD_VALUE_EXCEL_ERROR = (
    "Ô có lỗi Excel {found}. Hãy sửa công thức hoặc số liệu trong Excel cho hết lỗi, lưu lại rồi tải lên."
)
ERR_UPLOAD_VALUE_HASHES = (
    "Ô chỉ có “{found}” vì cột quá hẹp khi lưu từ Excel. Hãy nới rộng cột trong Excel cho hiện đủ số "
    "rồi lưu lại."
)
ERR_UPLOAD_VALUE_NOT_FINITE = "“{found}” không phải một số hữu hạn. Hãy ghi số liệu thật của tháng."
ERR_UPLOAD_VALUE_SCIENTIFIC = (
    "“{found}” được viết dạng lũy thừa (E) nên có thể đã bị làm tròn. Hãy định dạng ô là Number (Số) cho "
    "hiện đủ chữ số rồi lưu lại."
)
ERR_UPLOAD_VALUE_MALFORMED = (
    "“{found}” không phải một số viết đúng (dấu chấm, dấu phẩy hoặc dấu cách đặt sai chỗ). Hãy ghi lại, "
    "ví dụ 1260 hoặc 845,5."
)
ERR_UPLOAD_VALUE_SUFFIX = "“{found}” có dấu {sign}, nhưng “{name}” tính bằng {unit}. Hãy bỏ dấu {sign}."
ERR_UPLOAD_VALUE_AMBIGUOUS = (
    "“{found}” không rõ nghĩa: là {plain} hay {fraction}? Tệp không cho biết dấu “{sep}” là dấu thập phân "
    "hay dấu phân cách hàng nghìn. Nếu là {plain}, hãy viết {plain} (không có dấu phân cách); nếu là số "
    "thập phân, hãy viết {fraction}. Cũng có thể lưu tệp với cùng một cách viết số ở mọi dòng."
)
ERR_UPLOAD_VALUE_MIXED = (
    "“{found}” viết theo {style}, trong khi dòng {other_rows} viết theo {other_style}, như “{example}”. Trong một "
    "tệp phải dùng một cách viết số thống nhất: hãy sửa lại cho giống nhau, hoặc viết số nguyên không "
    "có dấu phân cách hàng nghìn."
)
ERR_UPLOAD_VALUE_DATE = (
    "Ô giá trị là ngày tháng ({found}), có thể Excel đã tự đổi số thành ngày. Hãy định dạng ô là Number "
    "(Số), ghi lại số liệu rồi lưu lại."
)
ERR_UPLOAD_VALUE_BOOL = (
    "Ô giá trị là {found} nhưng “{name}” không phải chỉ tiêu đạt/chưa đạt. Hãy ghi số liệu bằng chữ số."
)
ERR_UPLOAD_VALUE_PERCENT_FORMAT = (
    "Ô định dạng phần trăm ({found}) nhưng “{name}” tính bằng {unit}. Hãy đổi định dạng ô sang Number "
    "(Số) và ghi số liệu theo {unit}."
)
ERR_UPLOAD_VALUE_BINARY = (
    "“{name}” chỉ nhận 1 (đạt) hoặc 0 (chưa đạt); cũng có thể ghi “đạt”/“chưa đạt” hoặc “có”/“không”. "
    "Giá trị “{found}” không hợp lệ."
)
ERR_UPLOAD_VALUE_FRACTION = (
    "“{name}” đếm bằng số nguyên ({unit}) nên không thể là {value}. Hãy ghi số nguyên."
)
ERR_UPLOAD_VALUE_NEGATIVE = (
    "Giá trị âm ({value}) không hợp lệ: “{name}” không thể nhỏ hơn {low}. Hãy kiểm tra lại dấu trừ."
)
ERR_UPLOAD_VALUE_PERCENT_OVER = (
    "Tỷ lệ {value} vượt quá 100%. Tỷ lệ ghi theo phần trăm và không quá 100; hãy kiểm tra lại số liệu."
)
ERR_UPLOAD_VALUE_DONG = (
    "{value} quá lớn cho đơn vị triệu đồng: có vẻ số liệu đang tính bằng đồng. Hãy đổi sang triệu đồng "
    "(chia cho 1.000.000), tức là {hint}."
)
ERR_UPLOAD_VALUE_RANGE = (
    "{value} nằm ngoài khoảng cho phép của “{name}” (từ {low} đến {high}). Hãy kiểm tra lại số liệu."
)
ERR_UPLOAD_VALUE_BELOW = (
    "{value} nhỏ hơn mức tối thiểu của “{name}” ({low}). Hãy kiểm tra lại số liệu."
)
HINT_UPLOAD_VALUE_FRACTION_PERCENT = (
    " “{found}” có vẻ là phân số (tức {hint}%): hãy ghi theo phần trăm, tức là {hint} thay cho {found}."
)
# Out of range, and the value looks like a fraction of the percent.
ERR_UPLOAD_VALUE_RANGE_FRACTION = ERR_UPLOAD_VALUE_RANGE + HINT_UPLOAD_VALUE_FRACTION_PERCENT
ERR_UPLOAD_VALUE_BELOW_FRACTION = ERR_UPLOAD_VALUE_BELOW + HINT_UPLOAD_VALUE_FRACTION_PERCENT
# Issue 9: no number is stored on a guess (lib/upload/values.py).
ERR_UPLOAD_VALUE_PERCENT_OR_FRACTION = (
    "“{found}” đọc được hai cách: {value}% hay {percent}% (nếu {found} là phân số), cả hai đều nằm trong "
    "khoảng cho phép của “{name}” (từ {low} đến {high}). Tỷ lệ ghi theo phần trăm: nếu là {percent}%, "
    "hãy ghi {percent}; nếu đúng là {value}%, hãy ghi kèm dấu %: “{value}%”."
)
ERR_UPLOAD_VALUE_TWO_READINGS = (
    "“{found}” đọc được hai cách: {as_group} (dấu “{sep}” phân cách hàng nghìn) hoặc {as_decimal} (dấu "
    "“{sep}” là dấu thập phân), cả hai đều hợp lệ cho “{name}”. Các số khác trong tệp, như “{example}” ở "
    "dòng {example_row}, viết theo {style}, còn số liệu của phường thường viết theo kiểu Việt Nam, nên "
    "không thể đoán. Hãy viết {write_group} (không có dấu phân cách) nếu là {as_group}, hoặc "
    "{write_decimal} nếu là {as_decimal}."
)
WARN_UPLOAD_VALUE_READ_AS = (
    "“{found}” được đọc là {value} ({how}); cách đọc còn lại, {other}, không hợp lệ: {why}"
)
READ_AS_GROUP = "dấu “{sep}” phân cách hàng nghìn"
READ_AS_DECIMAL = "dấu “{sep}” là dấu thập phân"
ERR_UPLOAD_VALUE_FOREIGN_DIGITS = (
    "“{found}” có chữ số không phải chữ số 0–9 thông thường ({chars}); máy đọc được là {reading}, nhưng "
    "người xem khó kiểm tra được trên màn hình. Hãy xóa ô và gõ lại số bằng chữ số 0–9."
)
WARN_UPLOAD_FULLWIDTH_DIGITS = (
    "“{found}” viết bằng chữ số toàn chiều rộng (của bộ gõ tiếng Nhật, tiếng Trung), được đọc là {value}. "
    "Nếu không đúng, hãy gõ lại bằng chữ số 0–9."
)
ERR_UPLOAD_VALUE_BIDI = (
    "Ô có ký tự điều khiển hướng chữ ({codes}), có thể làm số hiện trên màn hình khác với số thật. Hãy "
    "xóa ô và gõ lại số."
)
WARN_UPLOAD_NOTE_BIDI = (
    "ghi chú có ký tự điều khiển hướng chữ ({codes}), có thể làm chữ hiện đảo ngược trên màn hình và "
    "trong tệp xuất ra; các ký tự này đã được bỏ đi, ghi chú được lưu là “{note}”."
)
# Month's amount or year-to-date total (“lũy kế”) of a summed indicator.
ERR_UPLOAD_CUMULATIVE_LEVEL = (
    "“{name}” là mức cuối tháng, không cộng dồn nên không có lũy kế. Hãy ghi mức cuối tháng vào cột "
    "“{value_column}” và để trống cột này."
)
ERR_UPLOAD_CUMULATIVE_MISSING = (
    "Từ lũy kế {cum} không tính được số của riêng {label} cho “{name}”{unit}: chưa lưu số liệu {months}. "
    "Hãy ghi số trong tháng vào cột “{value_column}”, hoặc tải lên số liệu các tháng trước."
)
ERR_UPLOAD_CUMULATIVE_BELOW = (
    "Lũy kế {cum} của “{name}”{unit} nhỏ hơn tổng đã lưu {months} ({earlier}), nên số trong tháng sẽ âm "
    "({month}). Hãy kiểm tra lại lũy kế, hoặc số liệu đã lưu của các tháng trước."
)
ERR_UPLOAD_CUMULATIVE_DERIVED = "Số trong tháng tính từ lũy kế: {cum} − {earlier} (đã lưu {months}) = {month}. "
# … followed by why that month's amount cannot be stored ({why}: that message).
ERR_UPLOAD_CUMULATIVE_DERIVED_WHY = ERR_UPLOAD_CUMULATIVE_DERIVED + "{why}"
ERR_UPLOAD_CUMULATIVE_MISMATCH = (
    "Lũy kế {cum} không khớp với số trong tháng {value} (cột “{value_column}”): đã lưu {months} là "
    "{earlier}, cộng {value} được {expected}. Hãy sửa một trong hai số, hoặc chỉ ghi một cột."
)
WARN_UPLOAD_CUMULATIVE_USED = (
    "lũy kế {cum} − đã lưu {months} ({earlier}) = {month}: {month} được lưu là số của riêng {label}."
)
WARN_UPLOAD_CUMULATIVE_FIRST = "lũy kế tháng 1 chính là số của tháng: {month} được lưu là số của {label}."
WARN_UPLOAD_CUMULATIVE_UNCHECKED = (
    "chưa lưu số liệu {months} nên không đối chiếu được lũy kế {cum} với số trong tháng; số trong tháng "
    "{value} được lưu."
)
WARN_UPLOAD_LOOKS_CUMULATIVE = (
    "{value} của {label} không nhỏ hơn tổng đã lưu {months} ({earlier}) của “{name}”{unit}. Có phải đây là "
    "số lũy kế từ đầu năm? Nếu vậy, hãy ghi vào cột “{cumulative_column}” (số trong tháng sẽ được tính ra); "
    "nếu đúng là số của riêng tháng này thì bỏ qua lưu ý này."
)
UPLOAD_CUMULATIVE_UNIT = " ({unit})"
UPLOAD_MONTHS = "tháng {months}/{year}"

# Warnings (the file is still accepted).
WARN_UPLOAD_NO_PERIOD_COLUMN = "Tệp không có cột kỳ báo cáo; toàn bộ số liệu được ghi cho {label} (tháng đã chọn)."
WARN_UPLOAD_PERIOD_BLANK = "Cột kỳ để trống ở dòng {rows}; các dòng này được ghi cho {label} (tháng đã chọn)."
WARN_UPLOAD_PERIOD_READ_AS = "Kỳ “{found}” (dòng {rows}) được hiểu là {period}."
WARN_UPLOAD_UNKNOWN_COLUMNS = "Các cột không dùng đến được bỏ qua: {columns}."
WARN_UPLOAD_UNNAMED_COLUMN = "Cột thứ {n} không có tiêu đề nhưng có dữ liệu; cột này được bỏ qua."
WARN_UPLOAD_EXTRA_SHEETS = "Tệp Excel có {n} trang tính; chỉ đọc trang tính đầu tiên “{sheet}”."
WARN_UPLOAD_NAME_MISMATCH = (
    "Dòng {row}: tên “{found}” khác tên trong danh mục của mã “{code}” (“{name}”); số liệu vẫn được ghi "
    "theo mã. Hãy kiểm tra lại mã chỉ tiêu."
)
WARN_UPLOAD_SKIPPED_ROW = "Dòng {row} không có mã chỉ tiêu và giá trị nên được bỏ qua (“{text}”)."
WARN_UPLOAD_MISSING_INDICATORS = (
    "Tệp chưa có số liệu của {n} chỉ tiêu: {names}. Số liệu đã lưu trước đây (nếu có) của các chỉ tiêu "
    "này được giữ nguyên."
)
UPLOAD_ROWS_MORE = "… (tổng {n} dòng)"


# ---------------------------------------------------------------------------------------------
# Backups (lib/storage/backup.py; python -m lib.cli backup / restore-backup).
# ---------------------------------------------------------------------------------------------
BACKUP_DONE = (
    "Đã sao lưu vào {path}: {months} tháng, {versions} phiên bản, {audit} dòng nhật ký, "
    "{recovered} tệp đã giữ lại; tổng {files} tệp, {size}."
)
BACKUP_BEFORE = "Trước khi sao lưu: {msg}"
BACKUP_SKIPPED = "Bỏ qua tệp không thuộc dữ liệu của bảng điều khiển: {path}"
ERR_BACKUP_NO_DATA = "Không có thư mục dữ liệu {path}; không có gì để sao lưu."
ERR_BACKUP_TARGETS = "Không đọc được tệp chỉ tiêu {path} ({msg}); chưa sao lưu."
ERR_BACKUP_READ = "Không đọc được {path} ({msg}); chưa sao lưu."
ERR_BACKUP_EXISTS = "Tệp {path} đã có; bản sao lưu không ghi đè lên tệp có sẵn. Hãy chọn tên khác."
ERR_BACKUP_WRITE = "Không ghi được tệp sao lưu {path} ({msg})."
ERR_BACKUP_VERIFY = "Tệp sao lưu vừa ghi không đọc lại được nguyên vẹn ({msg}); đã xóa tệp {path}."

RESTORE_REFUSED = "Không khôi phục: bản sao lưu {path} không hợp lệ. Dữ liệu hiện có không bị thay đổi."
RESTORE_MORE_PROBLEMS = "… và {n} lỗi khác."
RESTORE_ERR_OPEN = "không mở được tệp ({msg})"
RESTORE_ERR_NOT_FOUND = "không tìm thấy tệp"
RESTORE_ERR_ARCHIVE_TOO_BIG = "tệp lớn hơn giới hạn {limit} byte"
RESTORE_ERR_GZIP = "không phải tệp .tar.gz hợp lệ, hoặc tệp bị hỏng hay bị cắt cụt ({msg})"
RESTORE_ERR_UNPACKED_TOO_BIG = "nội dung sau khi giải nén vượt quá giới hạn {limit} byte"
RESTORE_ERR_TAR = "không phải tệp tar hợp lệ ({msg})"
RESTORE_ERR_TOO_MANY = "có hơn {limit} mục"
RESTORE_ERR_PATH = "mục “{name}” có đường dẫn không an toàn (đường dẫn tuyệt đối, “..” hoặc ký tự lạ)"
RESTORE_ERR_TYPE = "mục “{name}” không phải tệp thường hay thư mục (liên kết, thiết bị…)"
RESTORE_ERR_UNEXPECTED = "mục “{name}” không thuộc bản sao lưu của bảng điều khiển"
RESTORE_ERR_DUPLICATE = "mục “{name}” xuất hiện nhiều lần"
RESTORE_ERR_NO_MANIFEST = "thiếu tệp MANIFEST.json (danh sách tệp của bản sao lưu)"
RESTORE_ERR_MANIFEST = "MANIFEST.json không hợp lệ: {msg}"
RESTORE_ERR_NOT_LISTED = "tệp “{name}” không có trong MANIFEST.json"
RESTORE_ERR_MISSING = "tệp “{name}” có trong MANIFEST.json nhưng không có trong bản sao lưu"
RESTORE_ERR_SIZE = "tệp “{name}” có {size} byte, khác MANIFEST.json ({expected} byte)"
RESTORE_ERR_SHA = "tệp “{name}” đã bị thay đổi (mã sha256 không khớp MANIFEST.json)"
RESTORE_ERR_FILE = "tệp “{name}”: {msg}"
RESTORE_ERR_AUDIT_LINE = "audit.jsonl, dòng {line}: không đọc được"
RESTORE_ERR_CATALOGUE = "không đọc được danh mục chỉ tiêu hiện tại ({path}) để kiểm tra số liệu: {msg}"
RESTORE_WARN_TARGETS_DIFFER = (
    "Chú ý: tệp chỉ tiêu trong bản sao lưu khác tệp chỉ tiêu đang dùng ({path}). Tệp chỉ tiêu đang "
    "dùng được giữ nguyên; số liệu vẫn được kiểm tra theo nó."
)
RESTORE_WARN_NO_TARGETS = "Chú ý: bản sao lưu không có tệp chỉ tiêu để so sánh với tệp đang dùng."
RESTORE_SUMMARY = (
    "Bản sao lưu {path} (tạo lúc {created}): {months} tháng, {versions} phiên bản, {audit} dòng nhật ký."
)
RESTORE_CONFIRM = (
    "Thay toàn bộ số liệu trong {data} bằng nội dung bản sao lưu này? Số liệu hiện có được chuyển "
    "sang {data}/before-restore-… và không bị xóa. Gõ “có” để tiếp tục: "
)
RESTORE_CONFIRM_WORDS = ("có", "co", "c", "yes", "y")
RESTORE_NEEDS_YES = (
    "Không khôi phục: cần xác nhận. Hãy chạy lệnh trong một cửa sổ dòng lệnh để trả lời, hoặc thêm --yes."
)
RESTORE_CANCELLED = "Đã hủy; dữ liệu không thay đổi."
RESTORE_DONE = (
    "Đã khôi phục vào {data}: {months} tháng, {versions} phiên bản, {audit} dòng nhật ký. "
    "Số liệu trước khi khôi phục được giữ tại {aside}."
)
ERR_RESTORE_WRITE = "Không khôi phục được ({msg}); dữ liệu hiện có được giữ nguyên."

# --- Đăng nhập và tài khoản (lib/access/auth.py; python -m lib.cli add-user / remove-user / list-users) ---
# Sign-in results (LoginGuard.attempt). One message for an unknown name and a wrong password.
LOGIN_FAILED = "Tên đăng nhập hoặc mật khẩu không đúng."
LOGIN_WAIT = "Đăng nhập sai nhiều lần liên tiếp. Vui lòng chờ {seconds} giây rồi thử lại."
LOGIN_LOCKED = (
    "Tên đăng nhập này tạm bị khóa vì đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút "
    "hoặc liên hệ quản trị viên."
)
LOGIN_BUSY = "Hệ thống đang bận, chưa kiểm tra được đăng nhập. Vui lòng thử lại sau ít giây."
LOGIN_STATE_ERROR = "Không ghi được trạng thái đăng nhập nên chưa thể đăng nhập. Vui lòng báo quản trị viên."

# Problems in the secrets file (AuthConfig.problems); the entry is skipped, the rest still works.
AUTH_SECRETS_UNREADABLE = "Không đọc được tệp cấu hình đăng nhập {path}: {msg}"
AUTH_PROBLEM_ACCOUNTS = "Mục [accounts] trong tệp cấu hình đăng nhập không phải một bảng nên bị bỏ qua."
AUTH_PROBLEM_USERNAME = (
    "Tài khoản “{username}” bị bỏ qua: tên đăng nhập chỉ gồm chữ cái không dấu, chữ số và các dấu . _ - "
    "(tối đa 64 ký tự)."
)
AUTH_PROBLEM_ENTRY = (
    "Tài khoản “{username}” bị bỏ qua: phải là một mục [accounts.{username}] có name, role và password_hash."
)
AUTH_PROBLEM_ROLE = (
    "Tài khoản “{username}” bị bỏ qua: vai trò “{role}” không hợp lệ (chỉ nhận viewer, editor hoặc admin)."
)
AUTH_PROBLEM_HASH = (
    "Tài khoản “{username}” bị bỏ qua: thiếu mật khẩu đã mã hóa (password_hash) hoặc giá trị không hợp lệ. "
    "Hãy đặt lại mật khẩu bằng lệnh python -m lib.cli add-user."
)
AUTH_PROBLEM_DUPLICATE = (
    "Tài khoản “{username}” bị bỏ qua: trùng với một tài khoản khác (tên đăng nhập không phân biệt chữ hoa, "
    "chữ thường)."
)
AUTH_PROBLEM_EMAILS = "Mục [roles_by_email] không phải một bảng nên bị bỏ qua."
AUTH_PROBLEM_EMAIL = "Mục “{email}” trong [roles_by_email] bị bỏ qua: không phải địa chỉ thư điện tử."
AUTH_PROBLEM_EMAIL_ROLE = (
    "Địa chỉ “{email}” trong [roles_by_email] bị bỏ qua: vai trò “{role}” không hợp lệ (chỉ nhận viewer, "
    "editor hoặc admin)."
)
AUTH_PROBLEM_SECURITY_SECTION = "Mục [security] không phải một bảng nên bị bỏ qua; dùng các giá trị mặc định."
AUTH_PROBLEM_SECURITY = (
    "Giá trị {key} = {value} trong [security] không hợp lệ (phải là số nguyên từ 1 đến {highest}); "
    "dùng mặc định {default}."
)
AUTH_PROBLEM_OIDC = "Mục [auth] (đăng nhập bằng tài khoản của cơ quan) không phải một bảng; hãy kiểm tra lại."

# The account commands of the command line.
CLI_HELP_ADD_USER = "Thêm tài khoản, hoặc đặt lại mật khẩu và vai trò của tài khoản đã có"
CLI_HELP_REMOVE_USER = "Xóa một tài khoản"
CLI_HELP_LIST_USERS = "Danh sách tài khoản (không bao giờ in mật khẩu đã mã hóa)"
CLI_HELP_USERNAME = "tên đăng nhập: chữ cái không dấu, chữ số, . _ - (không phân biệt hoa thường)"
CLI_HELP_ROLE = "vai trò: viewer (xem), editor (xem, tải và khôi phục số liệu), admin (thêm quản lý tài khoản)"
CLI_HELP_FULL_NAME = "họ và tên hiển thị (mặc định: giữ tên cũ, hoặc tên đăng nhập)"
CLI_HELP_PASSWORD_STDIN = "đọc mật khẩu từ một dòng của đầu vào chuẩn thay vì hỏi (dùng cho tự động hóa)"
CLI_HELP_SECRETS = "tệp cấu hình đăng nhập (mặc định: $TQT_SECRETS hoặc .streamlit/secrets.toml)"
CLI_HELP_FORCE = "xóa cả tài khoản cuối cùng dù bảng điều khiển sẽ mở cho mọi người"
CLI_SECRETS_HEADER = (
    "# Tài khoản đăng nhập của bảng điều khiển. KHÔNG đưa tệp này lên git.\n"
    "# Sửa bằng: python -m lib.cli add-user / remove-user / list-users\n"
)
CLI_USERNAME_INVALID = (
    "tên đăng nhập “{username}” không hợp lệ: chỉ dùng chữ cái không dấu, chữ số và các dấu . _ - "
    "(tối đa 64 ký tự)"
)
CLI_PASSWORD_PROMPT = "Mật khẩu cho {username} (ít nhất {n} ký tự): "
CLI_PASSWORD_REPEAT = "Nhập lại mật khẩu: "
CLI_PASSWORD_MISMATCH = "Hai lần nhập mật khẩu không khớp. Chưa lưu gì."
CLI_PASSWORD_SHORT = "Mật khẩu phải có ít nhất {n} ký tự. Chưa lưu gì."
CLI_PASSWORD_NONE = "Không đọc được mật khẩu (đầu vào trống hoặc đã hủy). Chưa lưu gì."
CLI_SECRETS_UNREADABLE = "Không đọc được tệp {path}: {msg}. Chưa thay đổi gì; hãy sửa tệp rồi chạy lại."
CLI_SECRETS_NOT_TABLE = "Mục accounts trong {path} không phải một bảng. Chưa thay đổi gì; hãy sửa tệp bằng tay."
CLI_SECRETS_WRITE = "Không ghi được tệp {path}: {msg}. Tệp cũ được giữ nguyên."
CLI_USER_ADDED = "Đã thêm tài khoản “{username}” ({name}, vai trò {role}) vào {path}."
CLI_USER_REPLACED = "Tài khoản “{username}” đã có: đã thay mật khẩu và vai trò (nay là {role}) trong {path}."
CLI_USER_REMOVED = "Đã xóa tài khoản “{username}” khỏi {path}."
CLI_USER_NOT_FOUND = "Không có tài khoản “{username}” trong {path}."
CLI_USER_LAST = (
    "“{username}” là tài khoản cuối cùng và chưa cấu hình đăng nhập bằng tài khoản của cơ quan ([auth]): "
    "nếu xóa, bảng điều khiển sẽ mở cho mọi người mà không cần đăng nhập. Chưa xóa; thêm --force nếu "
    "thật sự muốn vậy."
)
CLI_NO_ADMIN = "Chú ý: không còn tài khoản quản trị (admin) nào; chỉ quản lý được tài khoản bằng dòng lệnh."
CLI_CONFIG_PROBLEM = "Chú ý: {problem}"
CLI_NO_USERS = "Chưa có tài khoản nào trong {path}."
CLI_OPEN_MODE = "Chú ý: chưa cấu hình đăng nhập nên bảng điều khiển đang mở cho mọi người (chế độ cục bộ)."
CLI_USERS_COLUMNS = ("Tên đăng nhập", "Họ và tên", "Vai trò")

# --- Báo cáo tháng (lib/report/model.py, lib/report/narrative.py, lib/report/export.py, pages/report.py) ---
PAGE_REPORT = "Báo cáo"
REPORT_AUTHORITY = "ỦY BAN NHÂN DÂN"
REPORT_NUMBER = "Số:        /BC-UBND"
REPORT_NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
REPORT_MOTTO = "Độc lập – Tự do – Hạnh phúc"
REPORT_PLACE_DATE = "Trương Quang Trọng, ngày {d:02d} tháng {m:02d} năm {y}"
REPORT_TITLE = "BÁO CÁO"
REPORT_SIGNER_TITLE = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
REPORT_RECIPIENTS = (
    "UBND thành phố (báo cáo);",
    "TT Đảng ủy, TT HĐND phường;",
    "CT và các PCT UBND phường;",
    "Mặt trận, các ngành, đoàn thể phường;",
    "Lưu VT.",
)
REPORT_RECIPIENTS_TITLE = "Nơi nhận:"
REPORT_DEMO_NOTE = "Số liệu minh họa (chưa có số liệu thật) – không dùng để báo cáo chính thức."
# The narrative (lib/report/narrative.py): sentence templates in the phrasing of the ward's reports.
# {name} indicator name · {m} month · {month_value} the month's figure · {cum} to date ·
# {pct} % of the year's plan · {plan} “kế hoạch” or “dự toán” · {target} the year's target.
REPORT_SUBTITLE_FIRST = "Kết quả thực hiện các chỉ tiêu kinh tế – xã hội tháng 1 năm {y}"
REPORT_SUBTITLE = "Kết quả thực hiện các chỉ tiêu kinh tế – xã hội tháng {m} và {m} tháng đầu năm {y}"
REPORT_SUBTITLE_YEAR = "Kết quả thực hiện các chỉ tiêu kinh tế – xã hội tháng 12 và cả năm {y}"
PERIOD_FIRST = "tháng 1 năm {y}"
PERIOD_TO_DATE = "{m} tháng đầu năm {y}"
PERIOD_YEAR = "cả năm {y}"
NARRATIVE_PARTIAL_MONTH = (
    " Số liệu tháng {m}/{y} mới có {reported}/{expected} chỉ tiêu báo cáo; các chỉ tiêu chưa báo cáo "
    "được đánh giá theo số liệu của tháng gần nhất đã có (ghi rõ tháng của số liệu).")
NARRATIVE_INTRO = (
    "Thực hiện Kế hoạch phát động phong trào thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh "
    "tế – xã hội của phường năm {y}, Ủy ban nhân dân {ward} báo cáo kết quả thực hiện các chỉ tiêu "
    "kinh tế – xã hội {period} như sau:"
)
NARRATIVE_OVERVIEW_TITLE = "I. Đánh giá chung"
NARRATIVE_OVERVIEW = "Tính đến hết tháng {m}/{y}, trong {n} chỉ tiêu kinh tế – xã hội chủ yếu của năm có {counts}."
NARRATIVE_SECTOR_TITLE = "{numeral}. {sector}"
NARRATIVE_SECTOR_LEAD = "Lĩnh vực {sector} có {n} chỉ tiêu: {counts}."
NARRATIVE_COUNTS = {  # “có 5 chỉ tiêu đã đạt kế hoạch năm, 12 chỉ tiêu đúng tiến độ …”
    "achieved": "{n} chỉ tiêu đã đạt kế hoạch năm",
    "on_track": "{n} chỉ tiêu đúng tiến độ",
    "behind": "{n} chỉ tiêu chậm tiến độ",
    "at_risk": "{n} chỉ tiêu có nguy cơ không đạt",
    "not_achieved": "{n} chỉ tiêu chưa đạt kế hoạch năm",
    "not_due": "{n} chỉ tiêu chưa đến kỳ đánh giá",
    "no_data": "{n} chỉ tiêu chưa có số liệu",
}
NARRATIVE_AND = "và"
PLAN_WORD = {"budget": "dự toán"}  # revenue and spending are measured against the budget estimate
PLAN_WORD_DEFAULT = "kế hoạch"
# Flows (summed over the months).
NARRATIVE_FLOW_FIRST = "{name} tháng 1 đạt {cum}, bằng {pct} {plan} năm"
NARRATIVE_FLOW = "{name} tháng {m} đạt {month_value}; lũy kế {m} tháng đạt {cum}, bằng {pct} {plan} năm"
NARRATIVE_FLOW_MONTH_ZERO = "{name} tháng {m} không phát sinh; lũy kế {m} tháng đạt {cum}, bằng {pct} {plan} năm"
NARRATIVE_FLOW_MONTH_MISSING = "{name} tháng {m} chưa có số liệu; lũy kế {through} tháng đạt {cum}, bằng {pct} {plan} năm"
NARRATIVE_FLOW_PARTS_MISSING = ("{name} tháng {m} chưa đủ số liệu các thành phần; lũy kế số liệu đã báo cáo "
                                "đạt {cum}, bằng {pct} {plan} năm")
NARRATIVE_NOT_YET_CROP = "{name}: chưa đến vụ thu hoạch ({plan} năm {target})"
NARRATIVE_NOT_YET = "{name}: chưa phát sinh trong kỳ ({plan} năm {target})"
# Levels (the latest value counts).
NARRATIVE_LEVEL = "{name} đạt {value}, bằng {pct} {plan} năm ({target})"
NARRATIVE_RATE = "{name} đạt {value}, {plan} năm {target}"
NARRATIVE_CEILING = "{name} là {value}, {plan} năm không quá {target}"
NARRATIVE_GOAL = "{name}: {value}"
NARRATIVE_STALE = " (số liệu tháng {last}/{y})"
NARRATIVE_NO_DATA = "{name}: chưa có số liệu"
NARRATIVE_NOT_DUE = "{name}: chưa đến kỳ đánh giá ({plan} năm {target})"
NARRATIVE_OF_WHICH = "Trong đó, "  # an “of which” indicator's sentence starts so; its name loses “Trong đó:”
# Year on year: flows and counts by percent; rates by points.
YOY_UP = "tăng {change} so với cùng kỳ"
YOY_DOWN = "giảm {change} so với cùng kỳ"
YOY_SAME = "bằng cùng kỳ"
YOY_POINTS = {"%": "{n} điểm phần trăm", "‰": "{n}‰"}
# How each status ends an indicator's sentence.
NARRATIVE_STATUS = {
    "achieved": "đã đạt kế hoạch năm",
    "on_track": "đúng tiến độ",
    "behind": "chậm so với tiến độ (dự báo cả năm {projection})",
    "at_risk": "có nguy cơ không đạt kế hoạch năm (dự báo cả năm {projection})",
    "not_achieved": "chưa đạt kế hoạch năm",
    "not_due": "chưa đến kỳ đánh giá",
    "no_data": "",
}
NARRATIVE_STATUS_NO_PROJECTION = {
    "behind": "chậm so với tiến độ",
    "at_risk": "có nguy cơ không đạt kế hoạch năm",
}
NARRATIVE_CONCERNS = "Các chỉ tiêu cần tập trung chỉ đạo: {items}."
NARRATIVE_CONCERN_ITEM = "{name} ({status}{note})"
NARRATIVE_CONCERN_NOTE = " – {note}"
NARRATIVE_NEXT_TITLE = "{numeral}. Nhiệm vụ trọng tâm tháng tới"
NARRATIVE_NEXT = (
    "{focus}đôn đốc các bộ phận, tổ dân phố báo cáo số liệu đúng hạn; tiếp tục thực hiện các chỉ "
    "tiêu đang đúng tiến độ để hoàn thành kế hoạch năm {y}."
)
NARRATIVE_NEXT_AT_RISK = "Tập trung chỉ đạo các chỉ tiêu có nguy cơ không đạt: {items}; "
NARRATIVE_NEXT_BEHIND = "đẩy nhanh tiến độ {n} chỉ tiêu đang chậm tiến độ; "
NARRATIVE_NEXT_ALL_GOOD = (
    "Tiếp tục chỉ đạo thực hiện các chỉ tiêu đang đúng tiến độ; đôn đốc các bộ phận, tổ dân phố "
    "báo cáo số liệu đúng hạn để hoàn thành kế hoạch năm {y}."
)
NARRATIVE_NEXT_YEAR_END = (
    "Tổng kết phong trào thi đua năm {y}; đánh giá nguyên nhân các chỉ tiêu chưa đạt ({items}) "
    "làm cơ sở xây dựng kế hoạch năm {next_y}."
)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
NARRATIVE_TASKS_TITLE = "{numeral}. Nhiệm vụ, công trình"
NARRATIVE_TASKS = (
    "Trong {total} nhiệm vụ, công trình và tiêu chí của Kế hoạch năm {y}, tính đến ngày {as_of} có "
    "{done} đã hoàn thành, {doing} đang thực hiện, {not_started} chưa bắt đầu; {late} nhiệm vụ chậm tiến độ."
)
NARRATIVE_TASKS_NOT_REPORTED = " {n} mục chưa được cập nhật tiến độ."
NARRATIVE_TASKS_NONE_REPORTED = (
    "Trong {total} nhiệm vụ, công trình và tiêu chí của Kế hoạch năm {y}, tính đến ngày {as_of} chưa có mục nào "
    "được cập nhật tiến độ."
)
NARRATIVE_WORKS = "Về xây dựng: {items}."
NARRATIVE_WORK_ITEM = "{title} đạt {progress}% khối lượng ({status})"
NARRATIVE_WORK_NOT_REPORTED = "{title} (chưa cập nhật tiến độ)"
NARRATIVE_TASKS_LATE = "Các nhiệm vụ, công trình chậm tiến độ: {items}."
NARRATIVE_TASK_LATE_ITEM = "{title} ({owner}, thời hạn {deadline}{note})"
NARRATIVE_TASKS_NONE_LATE = "Không có nhiệm vụ, công trình nào chậm tiến độ."
NARRATIVE_EMULATION_TITLE = "{numeral}. Phong trào thi đua"
NARRATIVE_EMULATION_KIND = "{kind_label} – dẫn đầu: {leaders}; thấp nhất: {laggards}."
NARRATIVE_EMULATION_UNIT = "{name} {score} điểm ({share} điểm tối đa)"
NARRATIVE_EMULATION_NO_POINTS = "{kind_label}: chưa đơn vị nào đạt điểm theo các tiêu chí đã có số liệu."
NARRATIVE_EMULATION_BASIS = (
    "Các đơn vị được so sánh theo tỷ lệ điểm đạt được so với điểm tối đa của tiêu chí áp dụng cho từng đơn vị."
)
NARRATIVE_EMULATION_KINDS = {"residential_group": "Các tổ dân phố", "department": "Các bộ phận"}
NARRATIVE_EMULATION_DEMO = "Tên các đơn vị ghi “(tên minh họa)” là tên đặt tạm."
# The Báo cáo page.
REPORT_PAGE_INTRO = (
    "Bản nháp dưới đây được soạn tự động từ số liệu tính đến {period}. Có thể sửa trực tiếp từng "
    "phần trước khi tải về; phần đã sửa được giữ trong phiên làm việc này cho đến khi soạn lại."
)
REPORT_DATE = "Ngày báo cáo"
REPORT_NUMBER_LABEL = "Số văn bản"
REPORT_NUMBER_HELP = "Ghi như trên văn bản, ví dụ: Số: 125/BC-UBND"
REPORT_DRAFT_TITLE = "Nội dung báo cáo"
REPORT_EDITED = "Đã sửa"
REPORT_RESET = "Soạn lại từ số liệu"
REPORT_RESET_HELP = "Bỏ mọi chỗ đã sửa và soạn lại bản nháp từ số liệu hiện có."
REPORT_EXPORT_TITLE = "Tải báo cáo"
REPORT_EXPORT_HELP = "Tệp được tạo khi bấm nút, với nội dung đang hiển thị ở trên (kể cả phần đã sửa)."
REPORT_DOCX = "Word (.docx)"
REPORT_PDF = "PDF"
REPORT_XLSX = "Excel (.xlsx)"
REPORT_PNG = "Ảnh biểu đồ (.zip)"
REPORT_PARAGRAPH_HELP = "Mỗi đoạn cách nhau một dòng trống."

# --- Trình chiếu (pages/present.py, lib/ui/present.py, lib/views/slides.py) ---
PAGE_PRESENT = "Trình chiếu"
PRESENT_AS_OF = "Tính đến {period}"
PRESENT_POSITION = "{k}/{n}"
PRESENT_PREV = "◀ Trước"
PRESENT_NEXT = "Tiếp ▶"
PRESENT_PICK_SCREEN = "Màn hình"
PRESENT_PICK_MONTH = "Tính đến tháng"
PRESENT_EXIT = "Thoát trình chiếu"
PRESENT_DEMO_BANNER = "**Đang hiển thị số liệu MINH HỌA**, không phải số liệu thật của phường."
PRESENT_COL_NAME = "Chỉ tiêu"
PRESENT_COL_PROGRESS = "Thực hiện / Kế hoạch năm"
PRESENT_COL_PERCENT = "% kế hoạch"
PRESENT_COL_SECTOR = "Lĩnh vực"
PRESENT_CEILING = "trần"
PRESENT_MORE = "… và {n} chỉ tiêu khác"
PRESENT_NOTE = "{name} ({month}): {note}"
PRESENT_NOTES_TITLE = "Ghi chú của bộ phận báo cáo"
ILLUSTRATIVE_WEIGHTS_NOTE = (
    "⚠ Tỷ lệ toàn phường của {rates} được tính từ số liệu các tổ dân phố, bình quân theo số nhân khẩu "
    "hoặc số hộ **minh họa** của {n} tổ trong units.csv (chưa phải số liệu dân số của phường): cần thay "
    "bằng số nhân khẩu, số hộ thực tế (cột demo_figures) trước khi dùng con số này.")
PRESENT_AT_RISK_TITLE = "Các chỉ tiêu nguy cơ không đạt"
# The overview screen's list (lib.views.slides.ALWAYS_FULL), titled by the statuses it holds:
# in December and for indicators past their assessed month the figure is a result ("chưa đạt").
PRESENT_FULL_TITLES = {
    (): PRESENT_AT_RISK_TITLE,
    ("at_risk",): PRESENT_AT_RISK_TITLE,
    ("not_achieved",): "Các chỉ tiêu chưa đạt kế hoạch năm",
    ("at_risk", "not_achieved"): "Các chỉ tiêu chưa đạt hoặc nguy cơ không đạt",
}
PRESENT_NONE_AT_RISK = "Không có chỉ tiêu nào chưa đạt hoặc nguy cơ không đạt."
PRESENT_INDICATORS = "{n} chỉ tiêu"
PRESENT_FIGURE_TITLE = "% kế hoạch năm đã đạt"
PRESENT_FIGURE_CAPTION = "Vạch đen: 100% kế hoạch năm. Dấu ◆: mức cần đạt đến {period} (chỉ tiêu cộng dồn theo tháng)."
PRESENT_FIGURE_EXPECTED = "Cần đạt đến {period}: {value}"

# --- Đơn vị báo cáo: tổ dân phố, số liệu theo tổ (lib/readers/org_units.py, lib/analytics/datastore.py, lib/upload/__init__.py …) ---
UNIT_DEMO_MARK = " (tên minh họa)"
UNIT_WARD = "Toàn phường"
UNIT_WARD_DERIVED = "Toàn phường – {rule} của {n}/{total} tổ"
UNIT_RULES = {"sum": "tổng", "population": "bình quân theo số nhân khẩu", "households": "bình quân theo số hộ"}
COL_REPORTING_UNIT = "Đơn vị báo cáo"
ERR_UNITS_MISSING = "Không tìm thấy danh sách đơn vị báo cáo {path}."
ERR_UNITS_UNREADABLE = "Không đọc được danh sách đơn vị báo cáo {path}: {msg}"
ERR_UNITS_COLUMNS = "Danh sách đơn vị báo cáo {path} thiếu cột bắt buộc: {cols}"
ERR_UNITS_EMPTY = "Danh sách đơn vị báo cáo {path} không có đơn vị nào."
ERR_UNITS_ROW = "Danh sách đơn vị {file}, dòng {row}, cột “{col}”: {msg}"
ERR_UNITS_CODE = "mã “{code}” chỉ được gồm chữ cái không dấu, chữ số và dấu gạch dưới"
ERR_UNITS_DUPLICATE = "“{value}” bị trùng với dòng {first}"
ERR_UNITS_NAME = "thiếu tên đơn vị"
ERR_UNITS_KIND = "loại “{kind}” không hợp lệ, phải là một trong: {kinds}"
ERR_UNITS_COUNT = "“{value}” không phải số nguyên dương (viết liền, không dấu chấm, ví dụ 1064)"
ERR_UNITS_COUNT_MISSING = "tổ dân phố cần số nhân khẩu và số hộ (số nguyên dương) để tính tỷ lệ toàn phường"
ERR_UNITS_DEMO_NAME = "“{value}” phải là true hoặc false"
ERR_UNIT_NOT_BY_UNIT = (
    "Chỉ tiêu “{name}” không báo cáo theo từng đơn vị: để trống cột đơn vị (số liệu toàn phường), "
    "không ghi “{unit}”."
)
ERR_UNIT_NOT_RESIDENTIAL = (
    "“{unit}” là bộ phận chuyên môn, không phải tổ dân phố: chỉ tiêu “{name}” chỉ do các tổ dân phố báo cáo."
)
# The targets file's by_unit column (lib/readers/catalogue.py).
ERR_TARGETS_BY_UNIT_VALUE = "phải để trống hoặc là một trong: sum, population, households"
ERR_TARGETS_ASSESSED = ("“{value}” không phải một tháng: để trống (đánh giá hằng tháng) hoặc ghi số tháng "
                        "đánh giá từ 1 đến 12 (ví dụ 9 cho đầu năm học)")
ERR_TARGETS_ASSESSED_PARENT = "chỉ tiêu thành phần phải cùng kỳ đánh giá (cột assessed) với chỉ tiêu tổng"
ERR_TARGETS_BY_UNIT_RATE_SUM = (
    "tỷ lệ (%, ‰) không được cộng dồn các tổ (sum): dùng population hoặc households (bình quân gia quyền)"
)
ERR_TARGETS_BY_UNIT_WEIGHTED = "chỉ tỷ lệ (%, ‰) mới tính bình quân theo population/households; số lượng dùng sum"
ERR_TARGETS_BY_UNIT_DERIVED = "chỉ tiêu tổng được tính từ các thành phần nên không báo cáo theo đơn vị"
ERR_TARGETS_BY_UNIT_BINARY = "mục tiêu đạt/chưa đạt không báo cáo theo đơn vị"
# Stored month files with unit rows (lib/analytics/datastore.py, lib/storage/month_store.py).
ERR_ACTUALS_UNIT_UNKNOWN = "đơn vị “{unit}” không có trong danh sách đơn vị báo cáo (units.csv)"
ERR_ACTUALS_UNIT_DUPLICATE = "chỉ tiêu “{code}” của đơn vị “{unit}” bị lặp (đã có ở dòng {first})"
ERR_ACTUALS_UNIT_MIXED = "chỉ tiêu “{code}” có cả số liệu toàn phường và số liệu theo đơn vị"
ERR_STORAGE_UNIT = "mã đơn vị “{unit}” không hợp lệ (chỉ gồm chữ cái không dấu, chữ số và dấu gạch dưới)"
ERR_STORAGE_UNIT_DUPLICATE = "chỉ tiêu “{code}” của đơn vị “{unit}” xuất hiện nhiều lần"
ERR_STORAGE_UNIT_MIXED = "chỉ tiêu “{code}” có cả dòng toàn phường và dòng theo đơn vị"
# Uploads with a unit column (lib/upload/units.py).
UPLOAD_UNIT_COLUMN_LABELS = {"unit_code": "đơn vị báo cáo", "unit_name": "tên đơn vị"}
ERR_UPLOAD_UNIT_UNKNOWN = "Đơn vị “{found}” không có trong danh sách đơn vị báo cáo."
HINT_UPLOAD_UNIT_SUGGEST = " Có phải “{code}” ({name})?"
HINT_UPLOAD_UNIT_LIST = " Hãy dùng mã đơn vị trong tệp mẫu theo tổ dân phố (ví dụ {example})."
ERR_UPLOAD_UNIT_UNKNOWN_SUGGEST = ERR_UPLOAD_UNIT_UNKNOWN + HINT_UPLOAD_UNIT_SUGGEST
ERR_UPLOAD_UNIT_UNKNOWN_LIST = ERR_UPLOAD_UNIT_UNKNOWN + HINT_UPLOAD_UNIT_LIST
ERR_UPLOAD_UNIT_NAME_MISMATCH = (
    "Mã đơn vị “{code}” là “{unit}”, nhưng cột tên đơn vị ghi “{found}”. Hãy sửa cho khớp rồi tải lên lại."
)
ERR_UPLOAD_UNIT_DUPLICATE = (
    "Chỉ tiêu “{code}” của “{unit}” xuất hiện hai lần: dòng {first} và dòng {second}. Mỗi tổ chỉ được một dòng "
    "cho mỗi chỉ tiêu; hãy giữ lại một dòng đúng."
)
ERR_UPLOAD_UNIT_MIXED = (
    "Chỉ tiêu “{name}” vừa có số liệu toàn phường (dòng {ward_rows}) vừa có số liệu theo tổ dân phố "
    "(dòng {unit_rows}). Số liệu toàn phường được tính từ các tổ: hãy xóa dòng toàn phường, hoặc xóa các "
    "dòng theo tổ."
)
WARN_UPLOAD_UNITS_MISSING = (
    "{names}: Thiếu số liệu của: {units}; số liệu toàn phường được tính từ các tổ đã báo cáo "
    "({n}/{total} tổ)."
)
UPLOAD_ACCEPTED_UNITS = (
    "{k} chỉ tiêu báo cáo theo tổ dân phố ({rows} dòng); số liệu toàn phường được tính từ các tổ: "
    "tổng với số lượng, bình quân theo số nhân khẩu hoặc số hộ với tỷ lệ."
)
# Templates by residential group (sidebar, python -m lib.cli template --by-unit).
UPLOAD_TEMPLATE_UNITS_XLSX = "Mẫu theo tổ (Excel)"
UPLOAD_TEMPLATE_UNITS_CSV = "Mẫu theo tổ (CSV)"
UPLOAD_TEMPLATE_UNITS_HELP = (
    "Mẫu theo tổ dân phố: mỗi chỉ tiêu thu thập theo tổ (bảo hiểm y tế, hộ nghèo, việc làm…) có một dòng "
    "cho mỗi tổ. Số liệu toàn phường được tính từ các tổ, không nhập riêng."
)
CLI_HELP_BY_UNIT = "mẫu theo tổ dân phố: mỗi chỉ tiêu thu thập theo tổ × mỗi tổ dân phố một dòng"
ERR_UPLOAD_UNITS_UNUSABLE = (
    "Không kiểm tra được cột đơn vị báo cáo vì danh sách đơn vị (units.csv) có lỗi: {msg}. "
    "Hãy báo quản trị viên sửa danh sách đơn vị."
)

# --- Thi đua: bảng điểm, tiêu chí (lib/analytics/scoring.py, lib/ui/emulation.py, pages/emulation.py) ---
PAGE_EMULATION = "Thi đua"
EMU_CAPTION = (
    "Phong trào thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế – xã hội năm 2025 (mục III của Kế "
    "hoạch): điểm của các tổ dân phố và các bộ phận tính đến cuối tháng đã chọn, theo các tiêu chí bên cạnh."
)
EMU_KIND_LABELS = {"residential_group": "Tổ dân phố", "department": "Bộ phận"}
EMU_APPLIES_KIND = {"residential_group": "Các tổ dân phố", "department": "Các bộ phận"}
EMU_DEMO_UNITS_NOTE = (
    "Đơn vị ghi “(tên minh họa)” có tên đặt tạm vì Kế hoạch không nêu tên; dân số và số hộ của các tổ cũng "
    "là số minh họa (tệp units.csv)."
)
EMU_NO_TASK_LIST_NOTE = (
    "Chưa có danh sách nhiệm vụ – công trình: các tiêu chí về nhiệm vụ chưa được tính (không cộng vào điểm tối đa)."
)
# Fair scoring: what the rank compares, and what is missing (lib/analytics/scoring.py missing_notes).
EMU_SHARE_NOTE = (
    "Xếp hạng theo **tỷ lệ điểm so với điểm tối đa** của từng đơn vị (Tổng điểm ÷ Điểm tối đa × 100). Tiêu "
    "chí không áp dụng cho đơn vị (ví dụ bộ phận không chủ trì nhiệm vụ nào, chỉ tiêu chưa đến kỳ đánh giá) "
    "hoặc chưa có số liệu thì không tính vào điểm tối đa của đơn vị đó; điểm thưởng cộng thêm ngoài điểm tối đa "
    "(tỷ lệ có thể vượt 100%), điểm trừ trừ vào tổng điểm. Chỉ tiêu cộng dồn (việc làm mới) được so với mức cần "
    "đạt đến tháng báo cáo theo tiến độ trong năm, không phải với chỉ tiêu cả năm."
)
EMU_MISSING_LABEL = {"residential_group": "Chưa có số liệu theo tổ dân phố", "department": "Chưa có số liệu"}
EMU_MISSING_NO_RANKING = (
    "{label}: chưa {none} nào có số liệu cho các tiêu chí {criteria}, nên chưa xếp hạng {all}."
)
EMU_MISSING_GROUPS_HINT = (
    " Số liệu báo cáo cho cả phường không chia được cho từng tổ; cần nhập số liệu theo tổ (cột đơn vị báo cáo)."
)
EMU_MISSING_CRITERIA = "{label} cho các tiêu chí {criteria}: chưa {none} nào có, nên các tiêu chí này chưa được tính."
EMU_MISSING_UNITS = "{label} của {units} cho các tiêu chí {criteria}: {rest}"
EMU_MISSING_NOT_RANKED = "chưa xếp hạng các đơn vị này."
EMU_MISSING_RANKED_ON_REST = "các đơn vị này được so sánh trên các tiêu chí đã có số liệu."
EMU_LEFT_OUT_ALL = "Các tiêu chí {criteria} không tính vào điểm tối đa của {all}: {why}."
EMU_NOTE_NOT_RANKED = "Chưa xếp hạng – {label} ({criteria})"
EMU_NOTE_PARTIAL = "Thiếu số liệu: {criteria} (không tính vào điểm tối đa)"
EMU_NOT_RANKED = "Chưa xếp hạng"
EMU_RANKING_TITLE = "Bảng xếp hạng"
EMU_CHART_TITLE = "Điểm theo từng tiêu chí, tính theo % điểm tối đa của đơn vị"
EMU_CHART_AXIS = "% điểm tối đa của đơn vị"
EMU_CHART_TOTAL = "{share} ({total}/{most} điểm)"
EMU_CHART_HOVER = "{name}<br>{criterion}: {points} điểm ({share} điểm tối đa)"
EMU_RULES_TITLE = "Tiêu chí chấm điểm"
EMU_RULES_SOURCE = "Đọc từ tệp {file}: phường sửa tệp này để đổi tiêu chí, không cần sửa chương trình."
EMU_DETAIL_TITLE = "Chi tiết điểm của đơn vị"
EMU_PICK_UNIT = "Đơn vị"
EMU_METRIC_TOTAL = "Tổng điểm (tối đa {most})"
EMU_METRIC_RANK = "Xếp hạng"
EMU_RANK_OF = "{rank}/{n}"
EMU_DOWNLOAD_XLSX = "Tải Excel (.xlsx)"
EMU_DOWNLOAD_CSV = "Tải CSV"
EMU_SHEET = "Xếp hạng thi đua"
EMU_SHEET_DETAILS = "Chi tiết điểm"
EMU_POINTS_WORD = "điểm"
EMU_FILE_STEM = "xep-hang-thi-dua"
EMU_EXPORT_TITLE = "Xếp hạng thi đua – {kind} – tính đến {period}"
EMU_RULES_INVALID = "Không dùng được tệp tiêu chí thi đua nên chưa tính được bảng điểm. Hãy sửa các lỗi sau:"
EMU_NO_UNITS = "Chưa có tiêu chí nào áp dụng cho nhóm đơn vị này."
COL_EMU_RANK = "Hạng"
COL_EMU_UNIT = "Đơn vị"
COL_EMU_KIND = "Loại đơn vị"
COL_EMU_TOTAL = "Tổng điểm"
COL_EMU_MAX = "Điểm tối đa"
COL_EMU_SHARE = "% điểm tối đa"
COL_EMU_CRITERION = "Tiêu chí"
COL_EMU_ACHIEVEMENT = "Mức đạt"
COL_EMU_POINTS = "Điểm"
COL_EMU_EXPLANATION = "Cách tính"
COL_EMU_WEIGHT = "Điểm tối đa"
COL_EMU_HOW = "Cách chấm"
COL_EMU_APPLIES = "Áp dụng cho"
COL_EMU_NOTE = "Ghi chú"
EMU_PENALTY_MAX = "—"
# How each criterion earns points (the rules table).
EMU_MEASURES = {
    "on_schedule": "Tỷ lệ nhiệm vụ được giao không bị chậm",
    "completed": "Tỷ lệ nhiệm vụ được giao đã hoàn thành",
    "progress": "Tiến độ thực tế so với tiến độ theo lịch (trung bình các nhiệm vụ)",
}
EMU_CONDITIONS = {
    "all_tasks_on_time": "đơn vị có nhiệm vụ và không nhiệm vụ nào bị chậm",
    "task_done": "hoàn thành “{task}”",
    "indicator_met": "{name} của tổ đạt chỉ tiêu",
    "task_late": "nhiệm vụ bị chậm",
    "month_missing": "tháng không gửi số liệu trong khi các tổ khác đã gửi",
}
EMU_HOW_INDICATOR = "{name} của tổ, tính theo % kế hoạch"
EMU_HOW_FIELD = "Điểm tiến độ (0–100) các chỉ tiêu {field} của phường"
EMU_HOW_FIELD_EACH = "Điểm tiến độ (0–100) của phường ở các chỉ tiêu thuộc lĩnh vực mỗi bộ phận phụ trách"
EMU_HOW_LINEAR = "0 điểm ở mức {zero}% trở xuống, đủ điểm từ {full}%, tăng đều ở giữa"
EMU_HOW_THRESHOLD = "đủ điểm khi đạt {full}% trở lên, dưới mức đó 0 điểm"
EMU_HOW_BONUS = "Cộng {points} điểm khi {condition}"
EMU_HOW_PENALTY = "Trừ {points} điểm cho mỗi {occurrence}; trừ tối đa {weight} điểm"
# Why a unit got its points (the detail of one unit).
EMU_EXPL_INDICATOR = "Thực hiện {value}, chỉ tiêu {target}: đạt {ach} kế hoạch → {points}/{weight} điểm."
EMU_EXPL_CEILING = "Thực hiện {value}, chỉ tiêu không quá {target}: đạt {ach} kế hoạch → {points}/{weight} điểm."
EMU_SHARE_TARGET = "{target} (= {ward} × {population} ÷ {ward_population} người, phần theo dân số của tổ)"
EMU_SHARE_TARGET_PACE = (
    "{target} cần đạt đến hết {month} (= {ward} × {population} ÷ {ward_population} người, phần theo dân số "
    "của tổ, × {pace} tiến độ của năm)"
)
EMU_EXPL_NO_DATA = "Chưa có số liệu của đơn vị → không tính vào điểm tối đa."
EMU_EXPL_NO_POPULATION = (
    "Danh sách đơn vị thiếu dân số của tổ nên không tính được chỉ tiêu của tổ → không tính vào điểm tối đa."
)
EMU_EXPL_NOT_DUE = "Chưa đến kỳ đánh giá ({month}) → không tính vào điểm tối đa."
EMU_EXPL_NOT_DUE_PACE = "Theo tiến độ trong năm chưa đến lúc phải có kết quả → không tính vào điểm tối đa."
EMU_EXPL_NO_UNIT_MONTHS = "Chưa tổ dân phố nào gửi số liệu theo tổ → chưa xét thiếu báo cáo."
EMU_EXPL_FIELD = "Điểm tiến độ các chỉ tiêu {field}: {score}/100 ({n} chỉ tiêu có số liệu) → {points}/{weight} điểm."
EMU_EXPL_FIELD_NO_DATA = "Chưa có số liệu các chỉ tiêu {field} → không tính vào điểm tối đa."
EMU_EXPL_TASKS = "{detail}: {ach} → {points}/{weight} điểm."
EMU_EXPL_ON_SCHEDULE = "{k}/{n} nhiệm vụ không bị chậm"
EMU_EXPL_COMPLETED = "{k}/{n} nhiệm vụ đã hoàn thành"
EMU_EXPL_PROGRESS = "Tiến độ so với lịch, trung bình {n} nhiệm vụ"
EMU_EXPL_NO_TASKS = (
    "Đơn vị không chủ trì nhiệm vụ nào trong danh sách nhiệm vụ (tiêu chí không áp dụng) → không tính vào "
    "điểm tối đa."
)
EMU_EXPL_NO_TASK_LIST = "Chưa có danh sách nhiệm vụ → không tính vào điểm tối đa."
EMU_EXPL_BONUS = "{why} → cộng {points} điểm."
EMU_EXPL_BONUS_NONE = "{why} → không được cộng điểm."
EMU_EXPL_MET = "Đạt {value}, chỉ tiêu {target}"
EMU_EXPL_NOT_MET = "Mới đạt {value}, chưa đạt chỉ tiêu {target}"
EMU_EXPL_TASK_DONE = "Đã hoàn thành “{task}”"
EMU_EXPL_TASK_NOT_DONE = "“{task}” chưa hoàn thành (tiến độ {progress}%)"
EMU_EXPL_TASK_MISSING = "Không tìm thấy nhiệm vụ mã “{task}” trong danh sách nhiệm vụ"
EMU_EXPL_ALL_ON_TIME = "Cả {n} nhiệm vụ đều không bị chậm"
EMU_EXPL_SOME_LATE = "Có {k} nhiệm vụ chậm"
EMU_EXPL_PENALTY = "{why} → trừ {points} điểm."
EMU_EXPL_MONTHS_MISSING = "Không gửi số liệu: {months}"
EMU_EXPL_NO_MONTH_MISSING = "Gửi số liệu đủ các tháng → không bị trừ điểm."
EMU_EXPL_TASKS_LATE = "{k} nhiệm vụ chậm: {tasks}"
EMU_EXPL_NO_TASK_LATE = "Không có nhiệm vụ chậm → không bị trừ điểm."
# The rules file's problems, by row and column.
EMU_ERR_ROW = "Tệp tiêu chí thi đua, dòng {row}, cột “{col}”: {msg}"
EMU_ERR_MISSING = "Không tìm thấy tệp tiêu chí thi đua {path}."
EMU_ERR_ENCODING = (
    "Tệp tiêu chí thi đua {path} không phải văn bản UTF-8. Trong Excel, hãy lưu lại bằng “CSV UTF-8 (Comma "
    "delimited)”."
)
EMU_ERR_UNREADABLE = "Không đọc được tệp tiêu chí thi đua {path}: {msg}"
EMU_ERR_COLUMNS = "Tệp tiêu chí thi đua thiếu cột: {cols}."
EMU_ERR_EMPTY = "Tệp tiêu chí thi đua không có tiêu chí nào."
EMU_ERR_EMPTY_CELL = "ô này không được để trống"
EMU_ERR_ID = "mã “{value}” không hợp lệ (chỉ dùng chữ thường không dấu, chữ số và dấu _)"
EMU_ERR_ID_DUP = "mã “{value}” trùng với một dòng phía trên"
EMU_ERR_KIND = "loại tiêu chí “{value}” không hợp lệ (chỉ nhận: {allowed})"
EMU_ERR_UNIT = (
    "không có đơn vị mã “{value}” trong danh sách đơn vị (ghi mã đơn vị, hoặc residential_group cho mọi tổ "
    "dân phố, department cho mọi bộ phận)"
)
EMU_ERR_WEIGHT = "điểm tối đa “{value}” phải là một số lớn hơn 0"
EMU_ERR_INDICATOR = "không có chỉ tiêu mã “{value}” trong danh mục chỉ tiêu"
EMU_ERR_NOT_BY_UNIT = (
    "chỉ tiêu “{value}” không được báo cáo theo từng tổ dân phố (cột by_unit của danh mục chỉ tiêu để trống)"
)
EMU_ERR_FIELD = "“{value}” không phải lĩnh vực (sector:…), nhóm (group:…) hay mã chỉ tiêu nào trong danh mục"
EMU_ERR_MEASURE = "cách đo “{value}” không hợp lệ (chỉ nhận: {allowed})"
EMU_ERR_MAPPING = "cách quy đổi điểm “{value}” không hợp lệ (chỉ nhận: {allowed})"
EMU_ERR_NUMBER = "“{value}” không phải một số (dùng dấu chấm thập phân, ví dụ 92.5)"
EMU_ERR_ZERO_FULL = "mức 0 điểm ({zero}) phải nhỏ hơn mức đủ điểm ({full})"
EMU_ERR_POINTS = "số điểm cộng hoặc trừ “{value}” phải là một số lớn hơn 0"
EMU_ERR_CONDITION = "điều kiện “{value}” không dùng được cho loại {kind} (chỉ nhận: {allowed})"
EMU_ERR_TASK_ID = "điều kiện task_done cần mã nhiệm vụ, ví dụ task_done:xay_moi_diem_sinh_hoat"
EMU_ERR_TASK_UNKNOWN = "không có nhiệm vụ mã “{value}” trong danh sách nhiệm vụ"
EMU_ERR_GROUPS_ONLY = "tiêu chí này dùng số liệu riêng của tổ dân phố, không áp dụng được cho bộ phận: {units}"

# --- Xuất báo cáo: Word, PDF, Excel, ảnh biểu đồ (lib/report/export.py; python -m lib.cli report) ---
EXPORT_AUTHOR = "UBND phường Trương Quang Trọng"
EXPORT_AS_OF = "Tính đến tháng {month}/{year}"
EXPORT_AS_OF_INLINE = "tính đến tháng {month}/{year}"
EXPORT_TABLE_TITLE = "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ – XÃ HỘI NĂM {year}"
EXPORT_COL_NO = "STT"
EXPORT_COL_ACTUAL = "Thực hiện lũy kế"
EXPORT_COL_CODE = "Mã chỉ tiêu"
EXPORT_CEILING = "không quá {value}"  # the target of a ceiling (“không quá 8,0”), as the narrative says it
EXPORT_YES_NO = {True: "Có", False: "Không"}
EXPORT_TITLE_TASKS = "NHIỆM VỤ – CÔNG TRÌNH"
EXPORT_TITLE_RANKING = "KẾT QUẢ THI ĐUA"
EXPORT_CHARTS_TITLE = "BIỂU ĐỒ"
EXPORT_PAGE = "Trang {page}/{pages}"
# Charts (PNG, 1600×900).
EXPORT_CHART_SECTOR = "{sector}: % kế hoạch năm đã đạt ({as_of})"
EXPORT_CHART_OVERVIEW = "Tình trạng các chỉ tiêu theo lĩnh vực ({as_of})"
EXPORT_CHART_AXIS_PCT = "% kế hoạch năm"
EXPORT_CHART_AXIS_COUNT = "Số chỉ tiêu"
EXPORT_CHART_PLAN_LINE = "100% kế hoạch"
EXPORT_CHART_CEILING_NOTE = "* chỉ tiêu có trần: trên 100% là đang thấp hơn trần"
EXPORT_CHART_TOTAL = "{n} chỉ tiêu"
EXPORT_CHART_EXPECTED = "Mức cần đạt đến nay"
# Excel.
EXPORT_SHEET_GAPS = "Chênh lệch"
EXPORT_SHEET_MONTHLY = "Số liệu tháng"
EXPORT_XLSX_TITLE = "Kết quả thực hiện các chỉ tiêu kinh tế – xã hội năm {year} – {ward}"
EXPORT_XLSX_GAP_HELP = (
    "Số liệu lũy kế từ tháng 1. Chênh lệch so với kế hoạch năm, theo đơn vị của chỉ tiêu: số dương là "
    "tốt (vượt kế hoạch, hoặc thấp hơn trần), số âm là còn thiếu hoặc vượt trần."
)
EXPORT_COL_EXPECTED = "Cần đạt đến nay"
EXPORT_COL_KIND = "Loại kế hoạch"
EXPORT_COL_LAST_MONTH = "Tháng báo cáo gần nhất"
EXPORT_COL_MONTHS = "Số tháng đã báo cáo"
EXPORT_DIRECTIONS = {"at_least": "Đạt tối thiểu", "at_most": "Không vượt quá (trần)"}
EXPORT_XLSX_MONTHLY_TITLE = "Số liệu báo cáo từng tháng năm {year}, tháng 1 đến tháng {month} – {ward}"
EXPORT_XLSX_MONTHLY_HELP = (
    "Chỉ tiêu cộng dồn: số phát sinh trong tháng. Chỉ tiêu tỷ lệ, số lượng hiện có: mức cuối tháng. "
    "Ô trống: tháng đó chưa báo cáo."
)
EXPORT_MONTH_COLUMN = "Tháng {m}"
EXPORT_NOTE_LINE = "Tháng {m}: {note}"
# python -m lib.cli report
CLI_HELP_REPORT = "Xuất báo cáo tháng: Word (docx), PDF, Excel (xlsx) hoặc ảnh biểu đồ (png)"
CLI_HELP_REPORT_FORMAT = "định dạng: docx, pdf, xlsx, hoặc png (tệp .zip các biểu đồ; hoặc các tệp PNG nếu -o là thư mục)"
CLI_HELP_REPORT_OUTPUT = "tệp ghi ra (mặc định: bao-cao-NNNN-TT.đuôi trong thư mục hiện tại)"
CLI_HELP_REPORT_DATE = "ngày ghi trên báo cáo, dạng YYYY-MM-DD (mặc định: hôm nay)"
CLI_REPORT_BAD_FORMAT = "“{value}” không phải định dạng báo cáo; chọn một trong: docx, pdf, xlsx, png"
CLI_REPORT_BAD_DATE = "“{value}” không phải ngày dạng YYYY-MM-DD (ví dụ 2025-07-05)"
CLI_REPORT_DEMO = "Chú ý: chưa có số liệu thật, báo cáo dùng số liệu minh họa."
CLI_GAPS_DEMO = "Chú ý: chưa có số liệu thật, đang dùng số liệu minh họa."
CLI_REPORT_WRITTEN = "Đã ghi {path}"
CLI_REPORT_WRITTEN_PNGS = "Đã ghi {n} ảnh biểu đồ vào thư mục {folder}"
CLI_REPORT_WRITE_ERROR = "Không ghi được tệp {path}: {msg}"

# --- Nhiệm vụ – Công trình (lib/analytics/tasks.py, lib/storage/task_store.py, lib/ui/tasks.py, pages/tasks.py) ---
PAGE_TASKS = "Nhiệm vụ – Công trình"
TASK_KIND_LABELS = {"cong_trinh": "Công trình", "nhiem_vu": "Nhiệm vụ", "tieu_chi": "Tiêu chí văn minh đô thị"}
TASK_STATUS_LABELS = {
    "chua_bat_dau": "Chưa bắt đầu",
    "dang_thuc_hien": "Đang thực hiện",
    "hoan_thanh": "Hoàn thành",
    "cham": "Chậm",
}
TASK_STATUS_COLORS = {"chua_bat_dau": "#9e9e9e", "dang_thuc_hien": "#4c9be8", "hoan_thanh": "#1a7f37",
                      "cham": "#c62828"}
TASK_STATUS_BADGE = {"chua_bat_dau": "gray", "dang_thuc_hien": "blue", "hoan_thanh": "green", "cham": "red"}
TASK_LATE_COLOR = "#c62828"
TASK_NOT_REPORTED_COLOR = "#e0e0e0"  # an item nobody has updated yet (lib.ui.tasks' list)
TASK_FIELD_LABELS = {"status": "Tình trạng", "progress": "Tiến độ", "note": "Ghi chú", "milestones": "Các mốc",
                     "owner": "Bộ phận chủ trì"}
# An item nobody has updated yet, an item whose owner is not assigned (lib/analytics/tasks.py, lib/storage/task_store.py).
TASKS_NOT_REPORTED = "Chưa cập nhật tiến độ"
# An invented row in the ward's own list: the plan says only "Thực hiện các tiêu chí để xây dựng phường
# văn minh đô thị"; the shipped criteria are the usual groups, to be replaced by the province's set.
TASK_DEMO_TITLE_MARK = " (tiêu chí minh họa)"
TASKS_NO_OWNER = "Chưa giao bộ phận chủ trì"
TASKS_DEMO_SHORT = "Tình trạng, tiến độ, ghi chú nhiệm vụ là số liệu minh họa."
TASKS_NONE_REPORTED = (
    "Chưa có nhiệm vụ, công trình nào được cập nhật tiến độ tính đến {date}: danh sách dưới đây là các "
    "nhiệm vụ của Kế hoạch năm 2025, chưa có tình trạng, tiến độ hay ghi chú nào."
)
TASKS_SOME_NOT_REPORTED = "{n}/{total} mục chưa được cập nhật tiến độ tính đến {date}."
TASKS_ERR_ON_FUTURE = "Ngày cập nhật {on} sau hôm nay ({today}): không ghi trước cho ngày chưa đến."
TASKS_ERR_ON_BEFORE = "Ngày cập nhật {on} trước năm kế hoạch (từ {first})."
TASKS_ERR_LOG = "Nhật ký cập nhật nhiệm vụ {file}, dòng {row}: {msg}"
TASKS_EDIT_ON = "Ngày của lần cập nhật (tình hình tính đến ngày này)"
TASKS_EDIT_ON_HELP = (
    "Mặc định là hôm nay. Cập nhật cho tháng trước thì chọn một ngày trong tháng đó: báo cáo, trình chiếu "
    "của tháng ấy sẽ dùng lần cập nhật này. Không chọn được ngày sau hôm nay."
)
TASKS_EDIT_OWNER = "Bộ phận chủ trì"
TASKS_EDIT_DEMO_NOTE = (
    "Đang xem danh sách MINH HỌA. Cập nhật ở đây được ghi vào danh sách thật của phường (bắt đầu từ các "
    "nhiệm vụ của Kế hoạch, chưa có tiến độ), không ghi vào số liệu minh họa."
)
TASKS_HISTORY_ON = "tình hình ngày {on}"
TASKS_SAVED_LATER = (
    " Lần cập nhật này là tình hình ngày {on}, sau ngày đang xem ({as_of}): tháng đang xem không đổi; chọn "
    "tháng của ngày cập nhật ở thanh bên để xem."
)
CLI_HELP_TASKS = "Tình trạng các nhiệm vụ, công trình tính đến cuối một tháng"
CLI_TASKS_DEMO = "Chưa có số liệu tháng nào trong thư mục dữ liệu: dùng danh sách nhiệm vụ minh họa."
CLI_TASKS_HEADING = "Nhiệm vụ – công trình tính đến {date}"
CLI_TASKS_COLUMNS = {"id": "Mã", "status": "Tình trạng", "progress": "Tiến độ", "late": "Chậm/quá hạn",
                     "updated": "Cập nhật", "note": "Ghi chú"}
# Why an item is late (lib.analytics.tasks.late_info); joined by “; ”.
TASKS_LATE_OVERDUE = "quá hạn {days} ngày"
TASKS_LATE_REPORTED = "được báo cáo là chậm"
TASKS_LATE_BEHIND = "tiến độ {progress}, theo thời gian cần khoảng {expected}"
# The page.
TASKS_AS_OF = ("Ngày xem: **{date}** (ngày cuối của tháng chọn ở thanh bên); tình trạng, tiến độ, ghi chú là "
               "lần cập nhật mới nhất tính đến ngày này.")
TASKS_ASSUMED_ROWS = (
    "{n} mục ghi “{mark}” là bộ tiêu chí văn minh đô thị thường dùng (Kế hoạch chỉ ghi “Thực hiện các tiêu chí "
    "để xây dựng phường văn minh đô thị”): cần thay bằng bộ tiêu chí hiện hành của tỉnh.")
TASKS_DEMO_BANNER = (
    "**Thời hạn, tình trạng, tiến độ và ghi chú là số liệu MINH HỌA** (cột demo của tệp tasks_2025.csv). "
    "Tên các nhiệm vụ, công trình lấy từ Kế hoạch năm 2025; các tiêu chí văn minh đô thị là bộ tiêu chí "
    "thường dùng, cần đối chiếu với bộ tiêu chí hiện hành của tỉnh."
)
TASKS_UNREADABLE = "Không đọc được tệp nhiệm vụ – công trình:"
TASKS_METRIC_TOTAL = "Tổng số"
TASKS_METRIC_LATE = "Cần chú ý"
TASKS_METRIC_LATE_HELP = (
    "Chưa hoàn thành và: đã quá thời hạn, hoặc được báo cáo là chậm, hoặc tiến độ thấp hơn tiến độ "
    "theo thời gian (đường thẳng từ ngày bắt đầu đến thời hạn) quá {margin} điểm phần trăm."
)
TASKS_LATE_TITLE = "Cần chú ý: chậm, quá hạn"
TASKS_NONE_LATE = "Không có nhiệm vụ, công trình nào chậm hoặc quá hạn."
TASKS_LATE_LINE = "**{title}** ({owner}, thời hạn {deadline}, tiến độ {progress}): {reason}"
TASKS_TIMELINE_TITLE = "Tiến độ theo thời gian"
TASKS_TIMELINE_CAPTION = (
    "Mỗi thanh chạy từ ngày bắt đầu đến thời hạn, màu theo tình trạng; phần màu đậm là tiến độ đã đạt; "
    "hình thoi là các mốc; đường đứt nét là ngày đang xem. Tên màu đỏ: chậm, quá hạn."
)
TASKS_TIMELINE_AS_OF = "Ngày xem {date}"
TASKS_TIMELINE_PROGRESS = "Tiến độ đã đạt"
TASKS_TIMELINE_MILESTONE = "Mốc"
TASKS_HOVER_OWNER = "Bộ phận chủ trì: {owner}"
TASKS_HOVER_DATES = "Thời gian: {start} – {deadline}"
TASKS_HOVER_NO_START = "Thời hạn: {deadline} (chưa có ngày bắt đầu)"
TASKS_HOVER_STATUS = "Tình trạng: {status}"
TASKS_HOVER_PROGRESS = "Tiến độ: {progress}"
TASKS_LIST_TITLE = "Danh sách (chậm, quá hạn ở trên)"
TASKS_COL_STATUS = "Tình trạng"
TASKS_COL_WARNING = "Cảnh báo"
TASKS_COL_TITLE = "Nhiệm vụ/Công trình"
TASKS_COL_KIND = "Loại"
TASKS_COL_SECTION = "Mục"
TASKS_COL_OWNER = "Bộ phận chủ trì"
TASKS_COL_START = "Bắt đầu"
TASKS_COL_DEADLINE = "Thời hạn"
TASKS_COL_PROGRESS = "Tiến độ"
TASKS_COL_UPDATED = "Cập nhật"
TASKS_REPORT_COLUMNS = {  # lib.analytics.tasks.report_table, for the monthly report
    "title": "Nhiệm vụ/Công trình",
    "owner": "Bộ phận chủ trì",
    "deadline": "Thời hạn",
    "status": "Tình trạng",
    "progress": "Tiến độ (%)",
    "note": "Ghi chú",
}
TASKS_DETAIL_TITLE = "Chi tiết từng nhiệm vụ, công trình"
TASKS_PICK = "Chọn nhiệm vụ, công trình"
TASKS_FACTS = "{kind} · mục {section} · {owner} · {dates} · tiến độ {progress}"
TASKS_DATES = "{start} – {deadline}"
TASKS_DEADLINE_ONLY = "thời hạn {deadline}"
TASKS_MILESTONES = "Các mốc"
TASKS_NO_MILESTONES = "Chưa có mốc nào."
TASKS_NOTE = "Ghi chú mới nhất"
TASKS_NO_NOTE = "Chưa có ghi chú."
TASKS_VIEW_ONLY = "Chỉ cán bộ nhập liệu (vai trò nhập liệu hoặc quản trị) cập nhật được tiến độ."
TASKS_EDIT_TITLE = "Cập nhật tiến độ"
TASKS_EDIT_STATUS = "Tình trạng"
TASKS_EDIT_PROGRESS = "Tiến độ (%)"
TASKS_EDIT_NOTE = "Ghi chú"
TASKS_EDIT_MILESTONES = "Các mốc (mỗi dòng một mốc: NNNN-TT-NN nội dung)"
TASKS_EDIT_SUBMIT = "Xem trước thay đổi"
TASKS_CONFIRM_TITLE = "Kiểm tra trước khi lưu:"
TASKS_CONFIRM = "Xác nhận lưu"
TASKS_CANCEL = "Hủy"
TASKS_NO_CHANGE = "Không có gì thay đổi so với bản đang lưu."
TASKS_SAVED = "Đã lưu cập nhật “{title}” (phiên bản {version} của tệp nhiệm vụ)."
TASKS_REJECTED = "Chưa lưu gì:"
TASKS_PENDING_STALE = (
    "Tệp nhiệm vụ vừa được cập nhật trong lúc xem trước nên thay đổi chưa được lưu. Hãy xem lại giá trị "
    "hiện tại rồi cập nhật lại."
)
TASKS_HISTORY_TITLE = "Lịch sử cập nhật ({n} lần)"
TASKS_HISTORY_EMPTY = "Chưa có lần cập nhật nào trên bảng điều khiển."
TASKS_HISTORY_ENTRY = "{time} · {user}"
TASKS_CHANGE_LINE = "{field}: {old} → {new}"
TASKS_EMPTY_VALUE = "(trống)"
# The overview's block.
TASKS_OVERVIEW_TITLE = "Nhiệm vụ – Công trình"
TASKS_OVERVIEW_COUNTS = "{total} nhiệm vụ, công trình, tiêu chí:"
TASKS_OVERVIEW_MORE = "… và {n} mục khác chậm, quá hạn."
TASKS_OVERVIEW_LINK = "Xem chi tiết nhiệm vụ – công trình"
# Checking the file (lib/analytics/tasks.py). {col} is the file's column name (id, owner, deadline …).
TASKS_ERR_FILE = "Tệp nhiệm vụ {file}: {msg}"
TASKS_ERR_CELL = "Tệp nhiệm vụ {file}, dòng {row}, cột “{col}”: {msg}"
TASKS_ERR_ROW = "Tệp nhiệm vụ {file}, dòng {row}: {msg}"
TASKS_ERR_ITEM = "{field}: {msg}"  # an update checked on the page, before the whole file
TASKS_ERR_NUL = "tệp chứa ký tự NUL (tệp nhị phân hoặc bị hỏng)"
TASKS_ERR_ENCODING = "tệp không phải văn bản UTF-8; hãy lưu lại bằng “CSV UTF-8 (phân cách bằng dấu phẩy)”"
TASKS_ERR_CSV = "tệp CSV bị lỗi định dạng ({msg}), thường do dấu ngoặc kép không khớp"
TASKS_ERR_EMPTY = "tệp trống, thiếu dòng tiêu đề"
TASKS_ERR_NO_ROWS = "tệp không có dòng nhiệm vụ nào"
TASKS_ERR_DUPLICATE_COLUMNS = "cột {cols} xuất hiện nhiều lần"
TASKS_ERR_MISSING_COLUMNS = "thiếu cột bắt buộc: {cols}"
TASKS_ERR_UNKNOWN_COLUMNS = "có cột không dùng được: {cols} (các cột hợp lệ: {allowed})"
TASKS_ERR_TOO_MANY_ROWS = "tệp có {n} dòng, vượt giới hạn {max} dòng"
TASKS_ERR_EXTRA_CELLS = "dòng có {n} ô, nhiều hơn {m} cột của dòng tiêu đề (thừa dấu phẩy?)"
TASKS_ERR_REQUIRED = "không được để trống"
TASKS_ERR_TOO_LONG = "dài {n} ký tự, vượt giới hạn {max} ký tự"
TASKS_ERR_CONTROL = "chứa ký tự điều khiển không in được"
TASKS_ERR_DATE = "ngày “{value}” không hợp lệ; viết dạng NNNN-TT-NN, ví dụ 2025-12-31"
TASKS_ERR_ID = "mã “{value}” không hợp lệ: chỉ dùng chữ thường không dấu a–z, chữ số và dấu _, tối đa {max} ký tự"
TASKS_ERR_ID_DUPLICATE = "mã “{value}” đã dùng ở dòng {first}"
TASKS_ERR_CHOICE = "giá trị “{value}” không hợp lệ; dùng một trong: {allowed}"
TASKS_ERR_SECTION = "mục “{value}” không hợp lệ; ghi theo số mục của kế hoạch, ví dụ II.1.7, II.2.3 hoặc II.2.4.c"
TASKS_ERR_OWNER = "bộ phận “{value}” không có trong danh sách đơn vị (units.csv){hint}"
TASKS_ERR_OWNER_HINT = "; có phải “{code}” ({name})?"
TASKS_ERR_PROGRESS = "tiến độ “{value}” phải là số nguyên từ 0 đến 100, không kèm dấu %"
TASKS_ERR_MILESTONES = (
    "các mốc “{value}” không hợp lệ; mỗi mốc viết dạng “NNNN-TT-NN nội dung” "
    "(ví dụ 2025-06-30 Khởi công), các mốc cách nhau bằng dấu ;"
)
TASKS_ERR_DEMO = "giá trị “{value}” không hợp lệ; dùng true hoặc false"
TASKS_ERR_START_AFTER = "ngày bắt đầu {start} sau thời hạn {deadline}"
TASKS_ERR_DONE_NOT_FULL = "tình trạng “hoàn thành” nhưng tiến độ {progress}; đã hoàn thành thì tiến độ là 100%"
TASKS_ERR_FULL_NOT_DONE = "tiến độ 100% nhưng tình trạng là “{status}”; đã xong thì chọn “hoàn thành”"
TASKS_ERR_NOT_STARTED = "tình trạng “chưa bắt đầu” nhưng tiến độ {progress}; chưa bắt đầu thì tiến độ là 0%"
# Updating the file (lib/storage/task_store.py).
TASKS_ERR_UNKNOWN_TASK = "Không có nhiệm vụ, công trình nào mã “{id}”. Chưa lưu gì."
TASKS_ERR_FIELD = "Không sửa được “{field}” từ bảng điều khiển; chỉ sửa được: {allowed}. Chưa lưu gì."
TASKS_ERR_CONFLICT = (
    "“{title}” vừa được người khác cập nhật ({fields}). Hãy xem lại giá trị hiện tại rồi cập nhật lại; "
    "chưa lưu gì."
)
TASKS_ERR_WRITE = "Không ghi được tệp nhiệm vụ ({msg}). Dữ liệu đã lưu trước đó không bị ảnh hưởng."
TASKS_RECOVER_ORPHAN = (
    "Đã xóa phiên bản {version} của tệp nhiệm vụ – công trình: lần ghi này bị gián đoạn, chưa được ghi "
    "nhận vào nhật ký."
)
TASKS_RECOVER_LIVE = (
    "Đã khôi phục tệp nhiệm vụ – công trình về phiên bản {version} (phiên bản cuối cùng đã ghi nhận)."
)
TASKS_RECOVER_NO_SOURCE = (
    "Tệp nhiệm vụ – công trình khác phiên bản {version} đã ghi nhận nhưng không khôi phục được: {msg}"
)


# --- Trình chiếu: the screens of the tasks and of the emulation ---
PRESENT_TASKS_WORKS = "Công trình xây dựng"
PRESENT_TASKS_LATE = "Chậm, quá hạn"
PRESENT_TASKS_NONE_LATE = "Không có nhiệm vụ, công trình nào chậm tiến độ."
PRESENT_TASKS_MORE = "… và {n} nhiệm vụ khác (xem trang Nhiệm vụ – Công trình)"
PRESENT_COL_TASK = "Nhiệm vụ, công trình"
PRESENT_COL_OWNER = "Chủ trì"
PRESENT_COL_DEADLINE = "Thời hạn"
PRESENT_COL_TASK_PROGRESS = "Tiến độ"
PRESENT_COL_WHY = "Lý do"
PRESENT_EMU_TOP = "Dẫn đầu"
PRESENT_EMU_BOTTOM = "Cần cố gắng"
PRESENT_COL_RANK = "Hạng"
PRESENT_COL_UNIT = "Đơn vị"
PRESENT_COL_SCORE = "Điểm"


# --- Readers, CLI and data page (moved from the modules) ---
# A reader's problem is one message naming its place: the reader's own “file, row, column:” start
# around what is wrong, with ``{row}``, ``{column}`` (and ``{file}``) left for lib.core.problems to
# fill from the problem's place. Built from the templates above, so the words are written once.

def _cell(outer: str, message: str, **place) -> str:
    """``outer`` (“Tệp …, dòng {row}, cột “{col}”: {msg}”) around ``message``, the place kept as
    placeholders (``{column}`` for the column)."""
    return outer.format(msg=message, **{k: "{" + v + "}" for k, v in place.items()})


def _cap(message: str) -> str:
    """A message as a sentence of its own (first letter capital)."""
    return message[:1].upper() + message[1:]


# The targets file (lib/readers/catalogue.py): every problem of a row names its row and column.
def _targets(message: str) -> str:
    return _cell(ERR_TARGETS_ROW, message, row="row", col="column")


TARGETS_AT_CODE = _targets("mã chỉ được gồm chữ cái không dấu, chữ số và dấu gạch dưới")
TARGETS_AT_SECTOR = _targets("phải là một trong {sectors}")
TARGETS_AT_NAME = _targets("thiếu tên chỉ tiêu")
TARGETS_AT_UNIT = _targets("thiếu đơn vị tính")
TARGETS_AT_TARGET = _targets("“{value}” không phải một số (dùng dấu chấm thập phân, ví dụ 14.5)")
TARGETS_AT_DIRECTION = _targets("phải là at_least hoặc at_most")
TARGETS_AT_AGGREGATION = _targets("phải là sum hoặc last")
TARGETS_AT_INTEGER = _targets("phải là true hoặc false")
TARGETS_AT_NUMBER = _targets("“{value}” không phải một số")
TARGETS_AT_PROFILE = _targets("cần 12 tỷ trọng tháng (%), không âm, cộng lại bằng 100")
TARGETS_AT_PROFILE_NOT_SUM = _targets("chỉ chỉ tiêu cộng dồn (sum) mới có tỷ trọng theo tháng")
TARGETS_AT_RELATION = _targets("phải là component hoặc of_which")
TARGETS_AT_PARENT_RELATION = _targets("cột parent và relation phải cùng có hoặc cùng trống")
TARGETS_AT_ASSESSED = _targets(ERR_TARGETS_ASSESSED)
TARGETS_AT_BY_UNIT_VALUE = _targets(ERR_TARGETS_BY_UNIT_VALUE)
TARGETS_AT_BY_UNIT_BINARY = _targets(ERR_TARGETS_BY_UNIT_BINARY)
TARGETS_AT_BY_UNIT_RATE_SUM = _targets(ERR_TARGETS_BY_UNIT_RATE_SUM)
TARGETS_AT_BY_UNIT_WEIGHTED = _targets(ERR_TARGETS_BY_UNIT_WEIGHTED)
TARGETS_AT_BY_UNIT_DERIVED = _targets(ERR_TARGETS_BY_UNIT_DERIVED)
TARGETS_AT_DUPLICATE = _targets("mã “{code}” bị trùng với dòng {first}")
TARGETS_AT_PARENT_UNKNOWN = _targets("không có chỉ tiêu mã “{parent}”")
TARGETS_AT_PARENT_UNIT = _targets("chỉ tiêu thành phần phải cùng đơn vị và cách cộng dồn với chỉ tiêu tổng")
TARGETS_AT_PARENT_LEVELS = _targets("chỉ hỗ trợ một cấp chỉ tiêu tổng – thành phần")
TARGETS_AT_ASSESSED_PARENT = _targets(ERR_TARGETS_ASSESSED_PARENT)
TARGETS_AT_PARTS_SUM = _targets("kế hoạch {target:g} khác tổng các thành phần {total:g}")
TARGETS_AT_PROFILE_DERIVED = _targets("chỉ tiêu tổng lấy tỷ trọng từ các thành phần, không khai riêng")
TARGETS_AT_MIN_MAX = _targets("min lớn hơn max")


# The reporting units (lib/readers/org_units.py).
def _units(message: str) -> str:
    return _cell(ERR_UNITS_ROW, message, file="file", row="row", col="column")


UNITS_AT_CODE = _units(ERR_UNITS_CODE)
UNITS_AT_DUPLICATE = _units(ERR_UNITS_DUPLICATE)
UNITS_AT_NAME = _units(ERR_UNITS_NAME)
UNITS_AT_KIND = _units(ERR_UNITS_KIND)
UNITS_AT_COUNT = _units(ERR_UNITS_COUNT)
UNITS_AT_COUNT_MISSING = _units(ERR_UNITS_COUNT_MISSING)
UNITS_AT_FLAG = _units(ERR_UNITS_DEMO_NAME)


# The stored month files (lib/readers/months.py): a row's problem names its row.
def _actuals(message: str) -> str:
    return _cell(ERR_ACTUALS_ROW, message, file="file", row="row")


ACTUALS_AT_PERIOD = _actuals("kỳ “{value}” khác tên tệp {period}")
ACTUALS_AT_CODE = _actuals("mã chỉ tiêu “{code}” không có trong danh mục")
ACTUALS_AT_VALUE = _actuals("giá trị “{value}” không phải một số")
ACTUALS_AT_UNIT_UNKNOWN = _actuals(ERR_ACTUALS_UNIT_UNKNOWN)
ACTUALS_AT_NOT_BY_UNIT = _actuals(ERR_UNIT_NOT_BY_UNIT)
ACTUALS_AT_NOT_RESIDENTIAL = _actuals(ERR_UNIT_NOT_RESIDENTIAL)
ACTUALS_AT_UNIT_DUPLICATE = _actuals(ERR_ACTUALS_UNIT_DUPLICATE)
ACTUALS_AT_UNIT_MIXED = _actuals(ERR_ACTUALS_UNIT_MIXED)
# Unit figures not read from a month file (a Store built from a table): the month instead of the row.
ACTUALS_MONTH_UNIT_UNKNOWN = "{period}: " + ERR_ACTUALS_UNIT_UNKNOWN
ACTUALS_MONTH_NOT_BY_UNIT = "{period}: " + ERR_UNIT_NOT_BY_UNIT
ACTUALS_MONTH_NOT_RESIDENTIAL = "{period}: " + ERR_UNIT_NOT_RESIDENTIAL
ACTUALS_MONTH_UNIT_MIXED = "{period}: " + ERR_ACTUALS_UNIT_MIXED


# The emulation rules file (lib/readers/rules.py).
def _rules(message: str) -> str:
    return _cell(EMU_ERR_ROW, message, row="row", col="column")


EMU_AT_ID = _rules(EMU_ERR_ID)
EMU_AT_ID_DUP = _rules(EMU_ERR_ID_DUP)
EMU_AT_EMPTY_CELL = _rules(EMU_ERR_EMPTY_CELL)
EMU_AT_KIND = _rules(EMU_ERR_KIND)
EMU_AT_WEIGHT = _rules(EMU_ERR_WEIGHT)
EMU_AT_GROUPS_ONLY = _rules(EMU_ERR_GROUPS_ONLY)
EMU_AT_UNIT = _rules(EMU_ERR_UNIT)
EMU_AT_INDICATOR = _rules(EMU_ERR_INDICATOR)
EMU_AT_NOT_BY_UNIT = _rules(EMU_ERR_NOT_BY_UNIT)
EMU_AT_FIELD = _rules(EMU_ERR_FIELD)
EMU_AT_MEASURE = _rules(EMU_ERR_MEASURE)
EMU_AT_MAPPING = _rules(EMU_ERR_MAPPING)
EMU_AT_NUMBER = _rules(EMU_ERR_NUMBER)
EMU_AT_ZERO_FULL = _rules(EMU_ERR_ZERO_FULL)
EMU_AT_POINTS = _rules(EMU_ERR_POINTS)
EMU_AT_CONDITION = _rules(EMU_ERR_CONDITION)
EMU_AT_TASK_ID = _rules(EMU_ERR_TASK_ID)
EMU_AT_TASK_UNKNOWN = _rules(EMU_ERR_TASK_UNKNOWN)


# The tasks file (lib/readers/tasks.py). The same problem of an item is said three ways: in the
# file (``TASKS_FILE_*``: the whole file, ``TASKS_CELL_*``: a row and column, ``TASKS_ROW_*``: a
# row), for one item edited on the page (``TASKS_ITEM_*``: the field's name, ``{field}``, or a
# sentence of its own) and in the dated log of updates (``TASKS_LOG_*``: the log's row, then as
# for an item).
def _tasks_file(message: str) -> str:
    return TASKS_ERR_FILE.format(file="{file}", msg=message)


def _tasks_cell(message: str) -> str:
    return _cell(TASKS_ERR_CELL, message, file="file", row="row", col="column")


def _tasks_row(message: str) -> str:
    return _cell(TASKS_ERR_ROW, message, file="file", row="row")


def _tasks_item(message: str) -> str:
    return TASKS_ERR_ITEM.format(field="{field}", msg=message)


def _tasks_log(message: str) -> str:
    return _cell(TASKS_ERR_LOG, message, file="file", row="row")


TASKS_FILE_NUL = _tasks_file(TASKS_ERR_NUL)
TASKS_FILE_ENCODING = _tasks_file(TASKS_ERR_ENCODING)
TASKS_FILE_EMPTY = _tasks_file(TASKS_ERR_EMPTY)
TASKS_FILE_NO_ROWS = _tasks_file(TASKS_ERR_NO_ROWS)
TASKS_FILE_CSV = _tasks_file(TASKS_ERR_CSV)
TASKS_FILE_DUPLICATE_COLUMNS = _tasks_file(TASKS_ERR_DUPLICATE_COLUMNS)
TASKS_FILE_MISSING_COLUMNS = _tasks_file(TASKS_ERR_MISSING_COLUMNS)
TASKS_FILE_UNKNOWN_COLUMNS = _tasks_file(TASKS_ERR_UNKNOWN_COLUMNS)
TASKS_FILE_TOO_MANY_ROWS = _tasks_file(TASKS_ERR_TOO_MANY_ROWS)
TASKS_ROW_EXTRA_CELLS = _tasks_row(TASKS_ERR_EXTRA_CELLS)
TASKS_OWNER_HINTED = TASKS_ERR_OWNER.format(value="{value}", hint=TASKS_ERR_OWNER_HINT)
TASKS_OWNER_PLAIN = TASKS_ERR_OWNER.format(value="{value}", hint="")

TASKS_CELL_REQUIRED = _tasks_cell(TASKS_ERR_REQUIRED)
TASKS_CELL_TOO_LONG = _tasks_cell(TASKS_ERR_TOO_LONG)
TASKS_CELL_CONTROL = _tasks_cell(TASKS_ERR_CONTROL)
TASKS_CELL_DATE = _tasks_cell(TASKS_ERR_DATE)
TASKS_CELL_ID = _tasks_cell(TASKS_ERR_ID)
TASKS_CELL_ID_DUPLICATE = _tasks_cell(TASKS_ERR_ID_DUPLICATE)
TASKS_CELL_CHOICE = _tasks_cell(TASKS_ERR_CHOICE)
TASKS_CELL_SECTION = _tasks_cell(TASKS_ERR_SECTION)
TASKS_CELL_OWNER_HINTED = _tasks_cell(TASKS_OWNER_HINTED)
TASKS_CELL_OWNER_PLAIN = _tasks_cell(TASKS_OWNER_PLAIN)
TASKS_CELL_PROGRESS = _tasks_cell(TASKS_ERR_PROGRESS)
TASKS_CELL_MILESTONES = _tasks_cell(TASKS_ERR_MILESTONES)
TASKS_CELL_DEMO = _tasks_cell(TASKS_ERR_DEMO)
TASKS_ROW_START_AFTER = _tasks_row(TASKS_ERR_START_AFTER)
TASKS_ROW_DONE_NOT_FULL = _tasks_row(TASKS_ERR_DONE_NOT_FULL)
TASKS_ROW_FULL_NOT_DONE = _tasks_row(TASKS_ERR_FULL_NOT_DONE)
TASKS_ROW_NOT_STARTED = _tasks_row(TASKS_ERR_NOT_STARTED)

TASKS_ITEM_REQUIRED = _tasks_item(TASKS_ERR_REQUIRED)
TASKS_ITEM_TOO_LONG = _tasks_item(TASKS_ERR_TOO_LONG)
TASKS_ITEM_CONTROL = _tasks_item(TASKS_ERR_CONTROL)
TASKS_ITEM_DATE = _tasks_item(TASKS_ERR_DATE)
TASKS_ITEM_ID = _tasks_item(TASKS_ERR_ID)
TASKS_ITEM_ID_DUPLICATE = _tasks_item(TASKS_ERR_ID_DUPLICATE)
TASKS_ITEM_CHOICE = _tasks_item(TASKS_ERR_CHOICE)
TASKS_ITEM_SECTION = _tasks_item(TASKS_ERR_SECTION)
TASKS_ITEM_OWNER_HINTED = _tasks_item(TASKS_OWNER_HINTED)
TASKS_ITEM_OWNER_PLAIN = _tasks_item(TASKS_OWNER_PLAIN)
TASKS_ITEM_PROGRESS = _tasks_item(TASKS_ERR_PROGRESS)
TASKS_ITEM_MILESTONES = _tasks_item(TASKS_ERR_MILESTONES)
TASKS_ITEM_DEMO = _tasks_item(TASKS_ERR_DEMO)
TASKS_ITEM_START_AFTER = _cap(TASKS_ERR_START_AFTER)
TASKS_ITEM_DONE_NOT_FULL = _cap(TASKS_ERR_DONE_NOT_FULL)
TASKS_ITEM_FULL_NOT_DONE = _cap(TASKS_ERR_FULL_NOT_DONE)
TASKS_ITEM_NOT_STARTED = _cap(TASKS_ERR_NOT_STARTED)

TASKS_LOG_REQUIRED = _tasks_log(TASKS_ITEM_REQUIRED)
TASKS_LOG_TOO_LONG = _tasks_log(TASKS_ITEM_TOO_LONG)
TASKS_LOG_CONTROL = _tasks_log(TASKS_ITEM_CONTROL)
TASKS_LOG_DATE = _tasks_log(TASKS_ITEM_DATE)
TASKS_LOG_ID = _tasks_log(TASKS_ITEM_ID)
TASKS_LOG_ID_DUPLICATE = _tasks_log(TASKS_ITEM_ID_DUPLICATE)
TASKS_LOG_CHOICE = _tasks_log(TASKS_ITEM_CHOICE)
TASKS_LOG_SECTION = _tasks_log(TASKS_ITEM_SECTION)
TASKS_LOG_OWNER_HINTED = _tasks_log(TASKS_ITEM_OWNER_HINTED)
TASKS_LOG_OWNER_PLAIN = _tasks_log(TASKS_ITEM_OWNER_PLAIN)
TASKS_LOG_PROGRESS = _tasks_log(TASKS_ITEM_PROGRESS)
TASKS_LOG_MILESTONES = _tasks_log(TASKS_ITEM_MILESTONES)
TASKS_LOG_DEMO = _tasks_log(TASKS_ITEM_DEMO)
TASKS_LOG_START_AFTER = _tasks_log(TASKS_ITEM_START_AFTER)
TASKS_LOG_DONE_NOT_FULL = _tasks_log(TASKS_ITEM_DONE_NOT_FULL)
TASKS_LOG_FULL_NOT_DONE = _tasks_log(TASKS_ITEM_FULL_NOT_DONE)
TASKS_LOG_NOT_STARTED = _tasks_log(TASKS_ITEM_NOT_STARTED)
TASKS_LOG_UNKNOWN_TASK = _tasks_log(TASKS_ERR_UNKNOWN_TASK)
TASKS_LOG_NO_DATE = _tasks_log(TASKS_ERR_DATE)
TASKS_RECOVER_VERSION_MISSING = TASKS_RECOVER_NO_SOURCE.format(version="{version}", msg=ERR_STORAGE_VERSION_MISSING)
TASKS_WRITE_ROUNDTRIP = TASKS_ERR_WRITE.format(msg=ERR_STORAGE_ROUNDTRIP)
# Another part's refusal carried as a tasks problem (the lock is busy, the user's name is not
# acceptable): its own message, as it said it.
TASKS_REFUSED = "{message}"

# The command line (lib/cli): what a typed month must look like, files it cannot read, its help.
CLI_BAD_MONTH = "“{value}” không phải tháng dạng YYYY-MM (ví dụ 2025-06)"
CLI_INPUT_UNREADABLE = "Không đọc được tệp {path}: {msg}"
CLI_XLSX_NEEDS_OUTPUT = "Mẫu Excel là tệp nhị phân: dùng -o TỆP.xlsx"
CLI_PROBLEM_AT_ROW_COLUMN = "dòng {row}, cột “{column}”: {message}"
CLI_PROBLEM_AT_ROW = "dòng {row}: {message}"
CLI_PROBLEM_AT_COLUMN = "cột “{column}”: {message}"
CLI_HISTORY_RESTORED_FROM = " (từ phiên bản {version})"
CLI_HISTORY_LINE = "{version:>4}  {time}  {user}  {action}{extra}  {n} chỉ tiêu thay đổi  sha256 {sha}"
CLI_HELP_GAPS = "Bảng chênh lệch so với kế hoạch tính đến một tháng"
CLI_HELP_CHECK = "Kiểm tra một tệp số liệu tháng, không lưu gì"
CLI_HELP_IMPORT = "Kiểm tra rồi lưu một tệp số liệu tháng (có phiên bản)"
CLI_HELP_TEMPLATE = "Tệp mẫu của một tháng (CSV, hoặc Excel với --xlsx)"
CLI_HELP_HISTORY = "Các phiên bản đã lưu của một tháng"
CLI_HELP_RESTORE = "Khôi phục một phiên bản (thành phiên bản mới)"
CLI_HELP_BACKUP = "Sao lưu toàn bộ số liệu vào một tệp .tar.gz"
CLI_HELP_RESTORE_BACKUP = "Kiểm tra rồi khôi phục toàn bộ số liệu từ một tệp sao lưu"
CLI_HELP_FILE = "tệp CSV hoặc .xlsx"
CLI_HELP_FILE_PERIOD = "tháng của tệp, dạng YYYY-MM"
CLI_HELP_MONTH = "tháng, dạng YYYY-MM"
CLI_HELP_AS_OF = "tháng tính đến, dạng YYYY-MM"
CLI_HELP_TASKS_AS_OF = "tháng, dạng YYYY-MM (tình hình ngày cuối tháng)"
CLI_HELP_REPORT_AS_OF = "tháng báo cáo, dạng YYYY-MM"
CLI_HELP_TARGETS = "tệp chỉ tiêu (mặc định: data/targets_2025.csv)"
CLI_HELP_TARGETS_ENV = "tệp chỉ tiêu (mặc định: $TQT_TARGETS hoặc data/targets_2025.csv)"
CLI_HELP_TARGETS_CHECK = ("tệp chỉ tiêu dùng để kiểm tra (mặc định: $TQT_TARGETS hoặc "
                          "data/targets_2025.csv); không bị thay thế")
CLI_HELP_DATA_DIR = "thư mục dữ liệu (mặc định: $TQT_DATA_DIR hoặc data/)"
CLI_HELP_ACTUALS_DIR = "thư mục chứa actuals/ (mặc định: thư mục dữ liệu của bảng điều khiển)"
CLI_HELP_JSON_TABLE = "in JSON thay cho bảng"
CLI_HELP_JSON_CHECK = "in kết quả dạng JSON"
CLI_HELP_JSON = "in dạng JSON"
CLI_HELP_IMPORT_USER = "tên người nhập (ghi vào nhật ký)"
CLI_HELP_XLSX = "mẫu Excel thay cho CSV"
CLI_HELP_OUTPUT = "ghi ra tệp (mặc định: in ra màn hình)"
CLI_HELP_VERSION = "số phiên bản cần khôi phục"
CLI_HELP_RESTORE_USER = "tên người thực hiện"
CLI_HELP_BACKUP_OUTPUT = ("tệp (hoặc thư mục) sao lưu (mặc định: "
                          "tqt-backup-NămThángNgày-GiờPhútGiây.tar.gz trong thư mục hiện tại)")
CLI_HELP_BACKUP_FILE = "tệp .tar.gz do lệnh backup tạo ra"
CLI_HELP_YES = "không hỏi xác nhận"

# The data page (lib/ui/data.py): a version's line in the history.
DATA_RESTORED_FROM = " (từ phiên bản {version})"
DATA_CHANGED_COUNT = "{n} {indicators} thay đổi"


# --- Report files and storage (moved from the modules) ---
EXPORT_SHEET_DEFAULT = "Bảng"  # a sheet whose title has no usable character
NARRATIVE_OF_WHICH_PREFIX = "Trong đó:"  # an indicator's name that is a part of the one above
NARRATIVE_PERIOD_START = "tháng"  # where the intro's period starts in the subtitle
RESTORE_ERR_MANIFEST_FORMAT = "không phải bản sao lưu “{format}”"
RESTORE_ERR_MANIFEST_VERSION = "phiên bản định dạng {version!r} không được hỗ trợ"
RESTORE_ERR_MANIFEST_FILES = "thiếu danh sách tệp “files”"
RESTORE_ERR_MANIFEST_ENTRY = "mục không hợp lệ trong “files”: {entry}"
RESTORE_ERR_MANIFEST_TWICE = "tệp “{path}” được liệt kê hai lần"
