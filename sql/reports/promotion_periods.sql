-- The platform promotions (staging.promotions), to mark their periods on the brand pages.
select promotion_id, coalesce(name, promotion_id) as promotion_name, start_date, end_date
from staging.promotions
where start_date <= $as_of
order by start_date, promotion_id;
