"""Every Vietnamese word the dashboard shows, in one place.

Indicator names and units live in the targets file; this module holds the rest: titles of
pages and sectors, status labels, table headings and messages. All strings are NFC.
"""

WARD = "phường Trương Quang Trọng"
APP_TITLE = "Theo dõi chỉ tiêu kinh tế – xã hội năm 2025"
APP_SUBTITLE = "Phong trào thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế – xã hội phường Trương Quang Trọng năm 2025"

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
    "no_data": "Chưa có số liệu",
}
STATUS_COLORS = {  # colour-blind-safe enough with the word always beside it
    "achieved": "#1a7f37",
    "on_track": "#4c9be8",
    "behind": "#d4a017",
    "at_risk": "#c62828",
    "no_data": "#9e9e9e",
}
# Streamlit markdown colour names for the same statuses (badges on the cards).
STATUS_BADGE = {
    "achieved": "green",
    "on_track": "blue",
    "behind": "orange",
    "at_risk": "red",
    "no_data": "gray",
}
STATUS_HELP = {
    "achieved": "Đã đạt hoặc vượt chỉ tiêu năm.",
    "on_track": "Theo nhịp hiện tại, cuối năm sẽ đạt chỉ tiêu.",
    "behind": "Dự báo cuối năm hụt chỉ tiêu không quá 10%.",
    "at_risk": "Dự báo cuối năm hụt chỉ tiêu hơn 10%.",
    "no_data": "Chưa có tháng nào báo cáo số liệu.",
}

DIRECTION_LABELS = {"at_least": "Tối thiểu", "at_most": "Tối đa (trần)"}
AGGREGATION_LABELS = {"sum": "Cộng dồn theo tháng", "last": "Mức cuối kỳ"}

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
NO_MONTHS = "Chưa có số liệu tháng nào. Hãy tải lên số liệu tháng đầu tiên."
DEMO_BANNER = (
    "**Đang hiển thị số liệu MINH HỌA**, không phải số liệu thật của phường. "
    "Chưa có tháng số liệu thật nào được lưu; khi có, bảng điều khiển sẽ tự chuyển sang số liệu thật."
)
SCORE_LABEL = "Điểm tiến độ"
SCORE_HELP = (
    "Trung bình điểm các chỉ tiêu có số liệu: Đạt và Đúng tiến độ 100 điểm, "
    "Chậm tiến độ 50 điểm, Nguy cơ không đạt 0 điểm."
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

# --- Uploads, templates, versions (sidebar and the Dữ liệu page) --------------------------------
PAGE_DATA = "Dữ liệu"
UPLOAD_TITLE = "Tải số liệu tháng"
UPLOAD_MONTH = "Tháng báo cáo"
UPLOAD_TEMPLATE_CSV = "Tải mẫu CSV"
UPLOAD_TEMPLATE_XLSX = "Tải mẫu Excel"
UPLOAD_FILE = "Chọn tệp số liệu (CSV hoặc Excel .xlsx)"
UPLOAD_FILE_HELP = (
    "Dùng tệp mẫu của tháng. Các cột: period (kỳ), indicator_code (mã chỉ tiêu), value (giá trị), "
    "note (ghi chú). Tỷ lệ ghi theo phần trăm: 92,3 nghĩa là 92,3%."
)
UPLOAD_PREVIEW = "Xem trước và xác nhận"
UPLOAD_REJECTED = "Tệp bị từ chối, chưa có gì được lưu. Hãy sửa các lỗi sau rồi tải lại:"
UPLOAD_ACCEPTED = "Tệp hợp lệ: {n} chỉ tiêu. Kiểm tra các thay đổi rồi bấm xác nhận để lưu."
UPLOAD_WARNINGS = "Lưu ý"
UPLOAD_CHANGES = "Thay đổi so với số liệu đang lưu của {period}"
UPLOAD_NO_CHANGES = "Tệp không làm thay đổi số liệu đang lưu."
UPLOAD_CONFIRM = "Xác nhận lưu số liệu {period}"
UPLOAD_CANCEL = "Hủy"
UPLOAD_SAVED = "Đã lưu số liệu {period} (phiên bản {version})."
UPLOAD_UNCHANGED = "Số liệu {period} không thay đổi, không tạo phiên bản mới."
UPLOAD_ALREADY = "Tệp này đã được lưu trong phiên làm việc này; chọn tệp khác nếu muốn tải tiếp."
COL_ROW = "Dòng"
COL_COLUMN = "Cột"
COL_MESSAGE = "Lỗi"
COL_OLD = "Đang lưu"
COL_NEW = "Giá trị mới"
COL_NOTE = "Ghi chú"
COL_CODE = "Mã chỉ tiêu"
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
DATA_DEMO = "Đang dùng số liệu minh họa: chưa có lịch sử phiên bản. Tải số liệu tháng đầu tiên ở thanh bên."
LOCAL_USER = "cán bộ (chế độ cục bộ)"
