"""The council's published figures (Revised OBC, June 2022), £'000, typed in from the tables.

Sources: ../shared/seeds/000_12c3d386a394124e.txt, TABLE 1 (L3002-3012), TABLE 2
(L3016-3031), TABLE 3 (L3035-3050). Nothing here comes from the model.
"""

TABLE_1 = {
    # row: (capital A, revenue A, capital B, revenue B); None = blank cell
    "budget_fy_21_22": (782, 490, 782, 490),
    "agreed_budget_22_23": (782, 660, 782, 660),
    "budget_increase": (None, 170, None, 170),
    "additional_funding": (1_836, 190, 1_633, 301),
    "additional_2022_23": (1_051, 133, 909, 211),
    "additional_2023_24": (785, 57, 724, 90),
    "total_budget": (2_618, 850, 2_415, 961),
}

TABLE_2 = {
    # line key: (capital A, add. revenue A, capital B, add. revenue B); 0 for "-" / blank
    "control_room": (796, 0, 796, 0),
    "cameras": (568, 0, 568, 0),
    "rapid_mobile": (87, 10, 87, 10),
    "wireless_network": (335, 0, 0, 0),
    "server_analytics": (194, 26, 194, 26),
    "fibre_additional": (400, 73, 550, 118),
    "fibre_current": (541, 81, 792, 147),
    "fibre_west_grant": (-541, 0, -792, 0),
}
TABLE_2_CONTINGENCY = (238, 220)
TABLE_2_TOTAL = (2_618, 190, 2_415, 301)
TABLE_2_PROFILE = {
    "2022-23": (1_833, 133, 1_691, 211),
    "2023-24": (785, 57, 724, 90),
}

TABLE_3_LINES = {
    # line key: (connections A, revenue A, connections B, revenue B); None = "-"
    "rapid_mobile": (20, 10, 20, 10),
    "server_analytics": (None, 26, None, 26),
    "fibre_current": (70, 81, 127, 147),
    "fibre_additional": (49, 73, 98, 118),
}
TABLE_3_ADDITIONAL = (190, 301)
TABLE_3_SAVINGS = {
    # saving key: (A, B) as printed (positive = the bracketed saving); None = blank, "TBC" = TBC
    "avoided_wireless_capital": (None, 67),
    "wireless_maintenance": (None, 20),
    "smart_pole": ("TBC", "TBC"),
    "small_cells": (15, 30),
    "fly_tipping": ("TBC", "TBC"),
    "shared_fibre": (None, 17),
}
TABLE_3_AFTER = (175, 167)

K = 1000  # the tables are in £'000; the model works in whole pounds
