zh = '类别'
classes = ('猫', '狗', 'bird')
a = len(zh), zh[0], zh[::-1], zh + '_名'
b = [len(c) for c in classes]
c = f'{zh:>4}|', '{:*^6}'.format(zh)
d = 'é'.upper(), 'aé'.find('é'), 'ééé'.count('é'), 'aéb'.split('é')
e = repr('tab\there'), repr("it's"), repr('\u00e9'), ascii('é') if False else 'x'
