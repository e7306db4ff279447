{#- Round a computed value, typically a quotient, to `scale` decimals with the same result on every engine.
    DuckDB divides decimals and integers in double precision (16254 / 3600 = 4.515 becomes 4.51499...,
    which rounds to 4.51), PostgreSQL and Spark divide decimals exactly (4.52). The cast to decimal(38, 9)
    first removes the binary error, so round() always works on a decimal: half away from zero on all three,
    and PostgreSQL has no round(double precision, integer) at all. -#}
{% macro round_decimal(expression, scale) -%}
    round(cast({{ expression }} as decimal(38, 9)), {{ scale }})
{%- endmacro %}
