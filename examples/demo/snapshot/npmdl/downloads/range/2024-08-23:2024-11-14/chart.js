{
 "start": "2024-08-23",
 "end": "2024-11-14",
 "package": "chart.js",
 "downloads": [
  {
   "downloads": 585178,
   "day": "2024-08-23"
  },
  {
   "downloads": 198202,
   "day": "2024-08-24"
  },
  {
   "downloads": 208167,
   "day": "2024-08-25"
  },
  {
   "downloads": 548604,
   "day": "2024-08-26"
  },
  {
   "downloads": 534502,
   "day": "2024-08-27"
  },
  {
   "downloads": 530818,
   "day": "2024-08-28"
  },
  {
   "downloads": 527104,
   "day": "2024-08-29"
  },
  {
   "downloads": 570937,
   "day": "2024-08-30"
  },
  {
   "downloads": 213771,
   "day": "2024-08-31"
  },
  {
   "downloads": 218221,
   "day": "2024-09-01"
  },
  {
   "downloads": 613259,
   "day": "2024-09-02"
  },
  {
   "downloads": 615032,
   "day": "2024-09-03"
  },
  {
   "downloads": 573896,
   "day": "2024-09-04"
  },
  {
   "downloads": 554030,
   "day": "2024-09-05"
  },
  {
   "downloads": 544828,
   "day": "2024-09-06"
  },
  {
   "downloads": 194751,
   "day": "2024-09-07"
  },
  {
   "downloads": 210930,
   "day": "2024-09-08"
  },
  {
   "downloads": 609345,
   "day": "2024-09-09"
  },
  {
   "downloads": 621983,
   "day": "2024-09-10"
  },
  {
   "downloads": 585440,
   "day": "2024-09-11"
  },
  {
   "downloads": 565142,
   "day": "2024-09-12"
  },
  {
   "downloads": 599743,
   "day": "2024-09-13"
  },
  {
   "downloads": 222471,
   "day": "2024-09-14"
  },
  {
   "downloads": 227076,
   "day": "2024-09-15"
  },
  {
   "downloads": 638073,
   "day": "2024-09-16"
  },
  {
   "downloads": 595335,
   "day": "2024-09-17"
  },
  {
   "downloads": 574667,
   "day": "2024-09-18"
  },
  {
   "downloads": 565065,
   "day": "2024-09-19"
  },
  {
   "downloads": 561011,
   "day": "2024-09-20"
  },
  {
   "downloads": 218720,
   "day": "2024-09-21"
  },
  {
   "downloads": 227442,
   "day": "2024-09-22"
  },
  {
   "downloads": 599573,
   "day": "2024-09-23"
  },
  {
   "downloads": 584192,
   "day": "2024-09-24"
  },
  {
   "downloads": 574405,
   "day": "2024-09-25"
  },
  {
   "downloads": 570259,
   "day": "2024-09-26"
  },
  {
   "downloads": 617544,
   "day": "2024-09-27"
  },
  {
   "downloads": 231171,
   "day": "2024-09-28"
  },
  {
   "downloads": 235932,
   "day": "2024-09-29"
  },
  {
   "downloads": 616774,
   "day": "2024-09-30"
  },
  {
   "downloads": 641541,
   "day": "2024-10-01"
  },
  {
   "downloads": 608482,
   "day": "2024-10-02"
  },
  {
   "downloads": 639152,
   "day": "2024-10-03"
  },
  {
   "downloads": 611718,
   "day": "2024-10-04"
  },
  {
   "downloads": 214492,
   "day": "2024-10-05"
  },
  {
   "downloads": 229817,
   "day": "2024-10-06"
  },
  {
   "downloads": 657678,
   "day": "2024-10-07"
  },
  {
   "downloads": 624079,
   "day": "2024-10-08"
  },
  {
   "downloads": 655227,
   "day": "2024-10-09"
  },
  {
   "downloads": 668775,
   "day": "2024-10-10"
  },
  {
   "downloads": 628980,
   "day": "2024-10-11"
  },
  {
   "downloads": 220596,
   "day": "2024-10-12"
  },
  {
   "downloads": 234051,
   "day": "2024-10-13"
  },
  {
   "downloads": 621921,
   "day": "2024-10-14"
  },
  {
   "downloads": 611533,
   "day": "2024-10-15"
  },
  {
   "downloads": 607095,
   "day": "2024-10-16"
  },
  {
   "downloads": 602625,
   "day": "2024-10-17"
  },
  {
   "downloads": 604166,
   "day": "2024-10-18"
  },
  {
   "downloads": 218054,
   "day": "2024-10-19"
  },
  {
   "downloads": 236098,
   "day": "2024-10-20"
  },
  {
   "downloads": 681845,
   "day": "2024-10-21"
  },
  {
   "downloads": 695778,
   "day": "2024-10-22"
  },
  {
   "downloads": 654703,
   "day": "2024-10-23"
  },
  {
   "downloads": 680889,
   "day": "2024-10-24"
  },
  {
   "downloads": 694899,
   "day": "2024-10-25"
  },
  {
   "downloads": 250790,
   "day": "2024-10-26"
  },
  {
   "downloads": 235843,
   "day": "2024-10-27"
  },
  {
   "downloads": 687732,
   "day": "2024-10-28"
  },
  {
   "downloads": 652176,
   "day": "2024-10-29"
  },
  {
   "downloads": 635114,
   "day": "2024-10-30"
  },
  {
   "downloads": 630444,
   "day": "2024-10-31"
  },
  {
   "downloads": 625744,
   "day": "2024-11-01"
  },
  {
   "downloads": 243888,
   "day": "2024-11-02"
  },
  {
   "downloads": 253542,
   "day": "2024-11-03"
  },
  {
   "downloads": 718619,
   "day": "2024-11-04"
  },
  {
   "downloads": 726695,
   "day": "2024-11-05"
  },
  {
   "downloads": 728467,
   "day": "2024-11-06"
  },
  {
   "downloads": 679440,
   "day": "2024-11-07"
  },
  {
   "downloads": 655628,
   "day": "2024-11-08"
  },
  {
   "downloads": 232003,
   "day": "2024-11-09"
  },
  {
   "downloads": 230261,
   "day": "2024-11-10"
  },
  {
   "downloads": 692448,
   "day": "2024-11-11"
  },
  {
   "downloads": 719821,
   "day": "2024-11-12"
  },
  {
   "downloads": 734432,
   "day": "2024-11-13"
  },
  {
   "downloads": 690984,
   "day": "2024-11-14"
  }
 ]
}
