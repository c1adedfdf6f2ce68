-- Objects of older warehouses that the model layer replaced: the visible views are made from
-- sql/visible/ now, without table macros (starmap/models.py).
drop macro table if exists visible.valid_engagement_counts_of;
drop macro table if exists visible.valid_only;
drop macro table if exists visible.flag_engagement;
drop macro table if exists visible.on_known_videos;
drop view if exists visible.engagement_count_rows;
drop view if exists marts.creator_standing_rules;
