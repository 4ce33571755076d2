-- reason: parse_error
;;
