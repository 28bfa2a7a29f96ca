/*
 * date: the one civil-date routine (proleptic Gregorian, after
 * H. Hinnant's days_from_civil), for HTTP dates and certificate times.
 */
#ifndef DATE_H
#define DATE_H

#include <stdint.h>

/* Days from 1970-01-01 to y-m-d (m 1..12, d 1..31; not checked). */
int64_t	date_days(int64_t y, int m, int d);

#endif
