"""The paper archive's use cases. Import from the modules:

- locations.add_location / move_location / list_locations
- boxes.add_box / move_box / list_boxes
- volumes.add_volume / get_volume_catalogue / volume_catalogue / mark_catalogue_printed / volume_location_at
- filing.file_record / file_records / file_into_volume (inside a caller's unit of work, e.g. ingest)
- locate.locate_document / resolve_code
- inventory.take_inventory, mismatches.mismatch_report
"""
