# -*- coding: utf-8 -*-
label = 'Ünïcode ✓'
classes = ('猫', '狗')
